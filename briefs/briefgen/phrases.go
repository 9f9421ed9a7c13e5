package briefgen

// Title parts: "<Adjective> <actor> <action> <qualifier>", e.g.
// "Polish Parliament Approves Emergency Sanctions Package as Talks Stall".
var (
	titleActors = []string{"Government", "Parliament", "Foreign Ministry", "Opposition", "Military",
		"Central Bank", "Chief Negotiator", "Prime Minister", "President", "Coalition", "Defence Ministry", "Envoy"}
	titleActions = []string{"Approves Emergency Sanctions Package", "Rejects Ceasefire Proposal",
		"Signs Energy Deal", "Suspends Border Crossings", "Expels Diplomats", "Calls Snap Election",
		"Announces Troop Withdrawal", "Recalls Ambassador", "Backs Peace Framework", "Blocks Grain Shipments",
		"Seeks Debt Relief", "Orders Military Drills", "Opens Talks on Gas Transit", "Freezes Foreign Assets",
		"Halts Arms Deliveries", "Unveils Defence Budget", "Joins Regional Security Pact",
		"Restricts Rare Earth Exports", "Demands UN Inquiry", "Lifts State of Emergency",
		"Agrees Prisoner Exchange", "Imposes Curfew", "Raises Interest Rates", "Closes Airspace",
		"Reopens Embassy", "Drops Veto on Accession Talks", "Tightens Visa Rules", "Launches Cyber Defence Unit",
		"Boycotts Summit", "Extends Peacekeeping Mandate", "Cuts Fuel Subsidies", "Ratifies Maritime Treaty",
		"Bans Opposition Rally", "Secures IMF Loan", "Challenges Tariffs at WTO", "Names New Negotiator",
		"Postpones Referendum", "Deploys Air Defences", "Condemns Drone Strike", "Revives Nuclear Talks"}
	titleQualifiers = []string{"as Talks Stall", "Amid Mass Protests", "After Drone Strike", "Ahead of Summit",
		"Despite Western Pressure", "as Inflation Soars", "Amid Border Clashes", "After Disputed Vote",
		"as Winter Approaches", "Under Pressure From Allies", "as Refugee Numbers Rise", "After Cyberattack",
		"Amid Energy Crisis", "as Election Nears", "Following Ministerial Resignation", "Amid Corruption Probe",
		"as Ceasefire Frays", "After Naval Standoff", "Amid Currency Slide", "as Drought Deepens",
		"Following Court Ruling", "After Embassy Attack", "as Aid Convoys Wait", "Amid Coalition Crisis",
		"Ahead of Budget Vote", "as Sanctions Bite", "After Border Incident", "Amid Fuel Shortages",
		"as Rebels Advance", "Following Envoy’s Visit", "Amid Leadership Dispute", "After Pipeline Explosion",
		"as Investors Flee", "Amid Strike Wave", "Following Satellite Launch", "After Hostage Release",
		"as Flood Toll Rises", "Amid Spy Scandal", "After Missile Test", "as Harvest Fails"}
)

// topics fill {T}.
var topics = []string{"the gas pipeline", "border crossings", "grain exports", "the ceasefire line",
	"sanctions relief", "the nuclear programme", "fishing rights", "the port concession", "arms deliveries",
	"the refugee agreement", "debt restructuring", "the election timetable", "troop withdrawals",
	"the disputed islands", "water rights on the river", "the rare earths deal", "the peacekeeping mission",
	"the customs union", "internet shutdowns", "the prisoner exchange"}

// Sentence templates. {S} is the sentence's subject person, {O} another person, {C} the briefing's
// country, {A} its adjective, {K} its capital, {D} a second country, {T} a topic. A person's first
// mention gives a role; later ones mostly the surname. {S} may take an appositive, so templates
// put it where "Name, the Polish foreign minister," reads well.
var personSentences = []string{
	"{S} said {K} would not accept any settlement negotiated over its head.",
	"{S} told reporters in {K} that talks with {O} had been “difficult but necessary.”",
	"{S} accused {O} of “deliberately escalating” the dispute over {T}.",
	"Speaking after a meeting with {O}, {S} said {C} was ready to resume negotiations on {T}.",
	"{S} has pressed for a faster timetable on {T}, a position officials in {K} describe as unrealistic.",
	"According to {O}, any agreement on {T} would need approval from parliament before the end of the year.",
	"{S} welcomed the decision but warned that {T} would remain a source of tension.",
	"{S} met {O} on the margins of the summit, their first meeting since the crisis began.",
	"Diplomats in {K} said {S} had privately signalled flexibility on {T}.",
	"{S} rejected the criticism, insisting that {C} had honoured every commitment.",
	"The {A} government, represented by {S}, has so far refused to comment on {T}.",
	"{S} is expected to travel to {K} next week to discuss {T} with {O}.",
	"Analysts noted that {S} has little room for manoeuvre at home, where opposition to {T} is growing.",
	"{S} called the announcement “a step in the right direction” but demanded guarantees on {T}.",
	"In a statement, {S} said the measures on {T} were temporary and would be reviewed in three months.",
	"Officials close to {S} said the dispute over {T} could delay the next round of talks with {D}.",
	"{S} and {O} agreed to set up a working group on {T}.",
	"{S} dismissed reports of a rift with {O} as “speculation.”",
}

var plainSentences = []string{
	"Markets in {K} fell after the announcement, and the currency weakened against the dollar.",
	"The dispute over {T} has already affected trade between {C} and {D}.",
	"Western diplomats expect further talks in {K} before the end of the month.",
	"Human rights groups have criticised the lack of transparency around {T}.",
	"The European Union and the United Nations Security Council have called for restraint.",
	"Satellite images published this week suggest that preparations near the border continue.",
}
