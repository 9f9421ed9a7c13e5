package postgres

import (
	"testing"

	"github.com/briefbot/briefbot/briefs/storetest"
)

func TestOutboxContract(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) storetest.OutboxStore { return openTest(t) })
}
