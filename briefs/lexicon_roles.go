package briefs

// Word lists that describe roles. Every entry is folded (FoldName) and matched one token at a time;
// see lexicon.go for how they become word classes.

// officeWords head a role: a phrase is a role only if it holds one of these ("Foreign Minister").
var officeWords = []string{
	"president", "president-elect", "vice-president", "premier", "minister", "secretary",
	"secretary-general", "undersecretary", "under-secretary", "chancellor", "leader", "spokesman",
	"spokeswoman", "spokesperson", "spokespeople", "director", "director-general", "adviser", "advisor",
	"ambassador", "envoy", "general", "gen.", "admiral", "adm.", "commander", "commander-in-chief",
	"chief", "chairman", "chairwoman", "chair", "chairperson", "speaker", "senator", "sen.",
	"representative", "rep.", "congressman", "congresswoman", "governor", "gov.", "mayor", "king",
	"queen", "prince", "princess", "emir", "sultan", "sheikh", "ayatollah", "pope", "monarch",
	"head", "negotiator", "diplomat", "aide", "attorney", "judge", "justice", "marshal", "colonel", "col.",
	"lieutenant", "lt.", "major", "maj.", "captain", "capt.", "commissioner", "coordinator", "czar",
	"tsar", "ceo", "founder", "owner", "strongman", "dictator", "ruler", "patriarch", "cardinal",
	"lawmaker", "legislator", "mp", "mep", "deputy", "vice", "counselor", "counsellor", "official",
	"inspector", "prosecutor", "administrator", "superintendent", "executive", "treasurer", "mufti",
	"imam", "cleric", "opposition-leader", "candidate", "nominee", "hopeful", "frontrunner",
	"politician", "billionaire", "magnate", "tycoon", "businessman", "businesswoman", "oligarch",
	"sergeant", "sgt.", "brigadier", "field", "crown", "ombudsman", "regent", "governor-general",
	"president's", "rapporteur", "delegate", "emissary", "representative's",
	"activist", "journalist", "reporter", "correspondent", "dissident", "lawyer", "economist",
	"analyst", "blogger", "writer", "author", "scholar", "scientist", "researcher", "physician",
	"filmmaker", "entrepreneur", "investor", "banker", "lobbyist", "whistleblower", "columnist",
	"editor", "publisher", "commentator", "pollster", "strategist", "campaigner", "militant",
	"commander's", "press-secretary", "taoiseach", "shah", "caliph", "co-leader", "co-chair", "co-chairman",
	"co-founder", "chief-of-staff", "minister-president",
}

// domainWords qualify an office ("Foreign", "Defense", "Security") without being one.
var domainWords = []string{
	"foreign", "external", "defense", "defence", "interior", "home", "finance", "financial", "economy", "economic",
	"trade", "commerce", "treasury", "energy", "justice", "health", "homeland", "security", "national",
	"intelligence", "state", "staff", "affairs", "joint", "chiefs", "armed", "supreme", "prime",
	"first", "presidential", "press", "military", "army", "navy", "naval", "air", "marine", "marines",
	"cyber", "development", "environment", "agriculture", "education", "transport", "transportation",
	"culture", "digital", "policy", "political", "war", "peace", "special", "senior", "top", "lead",
	"chief's", "central", "bank", "banking", "opposition", "party", "ruling", "majority", "minority",
	"house", "senate", "foreign-policy", "cabinet", "communications", "public", "diplomatic",
	"nuclear", "atomic", "space", "veterans", "labor", "labour", "immigration", "border", "customs",
	"information", "media", "legal", "general's", "staff's", "operations", "european", "federal",
	"regional", "provincial", "municipal", "deputy", "vice", "assistant", "associate", "principal",
	"executive", "acting", "interim", "designate", "elect", "permanent", "parliamentary", "crown",
	"chief", "trade-policy", "humanitarian", "relief", "refugee", "refugees", "human", "rights",
	"climate", "housing", "infrastructure", "industry", "technology", "science", "research",
	"secret", "police", "guard", "guards", "revolutionary", "coast", "border", "counterterrorism",
	"counter-terrorism", "arms", "control", "disarmament", "ukraine", "middle", "east", "mideast",
	"hostage", "hostages", "negotiating", "delegation", "team", "commission", "council", "committee",
	"agency", "department", "ministry", "office", "command", "forces", "force", "corps", "service",
	"services", "administration", "government", "spy", "propaganda", "parliament", "assembly",
	"congress", "union", "alliance", "court", "tribunal", "group", "wing", "faction", "movement",
	"council's", "union's", "commission's", "alliance's", "unification", "reunification",
	"investment", "emergency", "ethics", "oversight", "appropriations", "armed-services",
}

// modifierWords may stand before a role without being one ("former", "acting").
var modifierWords = []string{
	"former", "then", "ex", "acting", "outgoing", "incoming", "interim", "new", "newly", "longtime",
	"long-time", "veteran", "current", "sitting", "embattled", "exiled", "ousted", "late", "retired",
	"jailed", "imprisoned", "de-facto", "de", "facto", "self-declared", "self-styled", "hardline",
	"hard-line", "moderate", "reformist", "conservative", "liberal", "far-right", "far-left",
	"centrist", "populist", "nationalist", "pro-western", "pro-russian", "pro-kremlin", "influential",
	"powerful", "hawkish", "dovish", "controversial", "close", "trusted", "longest-serving",
	"transitional", "caretaker", "provisional", "unelected", "elected", "self-proclaimed",
	"likely", "next", "presumptive", "future", "expected", "would-be", "probable", "presumed", "potential",
}

// honorifics mark a person without naming a role ("Mr. Rutte").
var honorifics = []string{
	"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "madam",
	"prof", "prof.", "professor", "sheikh", "ayatollah", "sayyid", "mullah", "rev.", "reverend", "hon.", "honorable", "honourable",
}

// speechWords, right after a name, are evidence that the name is a person's.
var speechWords = []string{
	"said", "says", "told", "tells", "stated", "states", "added", "adds", "argued", "argues",
	"warned", "warns", "insisted", "insists", "noted", "notes", "claimed", "claims", "announced",
	"announces", "declared", "declares", "emphasized", "emphasised", "emphasizes", "stressed",
	"stresses", "acknowledged", "acknowledges", "reiterated", "reiterates", "urged", "urges",
	"vowed", "vows", "pledged", "pledges", "accused", "accuses", "denied", "denies", "confirmed",
	"confirms", "suggested", "suggests", "wrote", "writes", "posted", "tweeted", "signaled",
	"signalled", "met", "meets", "asked", "asks", "responded", "replied", "remarked", "threatened",
	"threatens", "promised", "promises", "praised", "criticized", "criticised", "condemned",
	"dismissed", "rejected", "welcomed", "expressed", "explained", "admitted", "conceded",
	"predicted", "hinted", "countered", "cautioned", "maintained", "demanded", "ordered", "signed",
	"appointed", "nominated", "fired", "resigned", "visited", "traveled", "travelled", "spoke",
	"speaks", "believes", "believed", "thinks", "hopes", "wants", "wanted", "called", "calls",
	"described", "describes", "framed", "accepted", "refused", "proposed", "offered", "agreed",
	"agrees", "pushed", "pressed", "sought", "seeks", "met", "phoned", "hosted", "received",
	"wrote", "recalled", "himself", "herself",
}

// adverbsBeforeSpeech may sit between a name and its speech verb ("Rutte also said").
var adverbsBeforeSpeech = []string{
	"also", "later", "then", "previously", "reportedly", "repeatedly", "again", "himself", "herself",
	"publicly", "privately", "separately", "earlier", "recently", "has", "had", "have", "was", "is",
	"will", "would", "could", "may", "might", "openly", "firmly", "sharply", "quickly", "personally",
}
