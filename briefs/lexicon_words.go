package briefs

// headWords end names of places, bodies, events and things ("Taiwan Strait", "White House",
// "Munich Security Conference"): capitalised words right before one are not a person's name.
var headWords = []string{
	"strait", "straits", "house", "conference", "strip", "sea", "ocean", "gulf", "bay", "canal",
	"island", "islands", "peninsula", "mountains", "valley", "river", "lake", "desert", "province",
	"region", "oblast", "krai", "republic", "kingdom", "emirate", "emirates", "states", "nations",
	"union", "council", "party", "forces", "force", "army", "navy", "ministry", "department",
	"agency", "organization", "organisation", "summit", "treaty", "accord", "accords", "agreement",
	"pact", "corps", "command", "guard", "guards", "bank", "fund", "court", "parliament", "assembly",
	"congress", "senate", "square", "street", "avenue", "airport", "base", "station", "plant",
	"university", "institute", "times", "post", "news", "journal", "group", "initiative", "plan",
	"act", "doctrine", "war", "crisis", "festival", "games", "cup", "corridor", "route", "pipeline",
	"administration", "government", "regime", "cabinet", "office", "committee", "commission",
	"forum", "dialogue", "talks", "process", "framework", "declaration", "charter", "convention",
	"protocol", "format", "alliance", "coalition", "front", "movement", "brigade", "brigades",
	"battalion", "division", "regiment", "fleet", "heights", "bridge", "dam", "port", "harbor",
	"harbour", "field", "fields", "crossing", "border", "line", "zone", "territory", "territories",
	"palace", "tower", "hall", "center", "centre", "library", "museum", "foundation", "company",
	"corporation", "inc.", "ltd", "group's", "club", "league", "network", "program", "programme",
	"project", "operation", "mission", "exercise", "exercises", "drills", "system", "systems",
	"missile", "missiles", "carrier", "dome", "shield", "cathedral", "mosque", "church", "temple",
	"compound", "prison", "camp", "hospital", "school", "academy", "index", "report", "review",
	"daily", "herald", "tribune", "gazette", "telegraph", "guardian", "economist", "service",
	"services", "authority", "authorities", "directorate", "bureau", "secretariat", "mechanism",
	"facility", "program's", "international", "cross", "crescent", "watch", "index", "trust", "stream", "coast", "hills", "plateau", "basin", "delta", "archipelago",
	"steppe", "reef", "reefs", "shoal", "atoll", "county", "district", "prefecture", "state's",
}

// placeModWords open names of places and things ("New Delhi", "North Korea", "USS Carl Vinson").
var placeModWords = []string{
	"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
	"new", "san", "santa", "saint", "st.", "mount", "mt.", "lake", "fort", "camp", "port", "cape",
	"los", "las", "upper", "lower", "greater", "operation", "project", "uss", "hms", "hmcs", "hmas",
	"ins", "rfs", "pla", "cvn", "lhd", "ss", "mv", "air", "force", "one", "bay", "gulf", "isle",
	"al-aqsa", "republic",
}

// calendarWords are months and days.
var calendarWords = []string{
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
	"sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "christmas", "easter", "ramadan", "eid", "hanukkah", "passover",
}

// commonWords are capitalised only because they open a sentence, a quote or a heading, or name
// groups rather than people ("Analysts said").
var commonWords = []string{
	"the", "a", "an", "this", "that", "these", "those", "however", "meanwhile", "while", "whilst",
	"despite", "after", "before", "although", "though", "in", "on", "at", "for", "with", "without",
	"as", "but", "and", "or", "nor", "yet", "so", "if", "when", "where", "why", "how", "what",
	"who", "whom", "whose", "which", "it", "its", "it's", "he", "she", "they", "we", "i", "you",
	"his", "her", "their", "our", "my", "your", "such", "some", "many", "most", "both", "either",
	"neither", "each", "every", "all", "any", "no", "not", "since", "until", "under", "over",
	"following", "according", "amid", "amidst", "among", "further", "furthermore", "moreover",
	"additionally", "also", "still", "even", "only", "now", "then", "thus", "therefore", "instead",
	"ultimately", "overall", "notably", "indeed", "already", "today", "yesterday", "tomorrow",
	"earlier", "later", "last", "next", "by", "from", "to", "of", "into", "onto", "upon", "about",
	"against", "between", "through", "during", "without", "within", "across", "behind", "beyond",
	"here", "there", "there's", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "first", "second", "third", "finally", "similarly", "likewise", "conversely",
	"nevertheless", "nonetheless", "otherwise", "regardless", "rather", "perhaps", "maybe",
	"clearly", "certainly", "officially", "reportedly", "critically", "crucially", "importantly",
	"significantly", "simultaneously", "elsewhere", "analysis", "summary", "executive", "sources",
	"previous", "next", "background", "outlook", "implications", "conclusion", "update", "breaking",
	"analysts", "officials", "critics", "experts", "observers", "diplomats", "leaders", "reports",
	"lawmakers", "protesters", "residents", "witnesses", "investigators", "negotiators", "allies",
	"troops", "militants", "rebels", "conservatives", "liberals", "ministers", "officers",
	"prosecutors", "researchers", "commentators", "activists", "voters", "citizens", "israelis",
	"palestinians", "ukrainians", "russians", "americans", "europeans", "iranians", "chinese",
	"presidents", "secretaries", "generals", "spokesmen", "envoys", "ambassadors", "heads",
	"chiefs", "advisers", "advisors", "sanctions", "tensions", "negotiations", "satellite",
	"protests", "talks", "people", "people's", "peoples", "markets", "investors", "washington's", "beijing's", "moscow's", "kyiv's",
	"should", "would", "could", "will", "can", "must", "may", "might", "does", "did", "do", "is",
	"are", "was", "were", "be", "been", "has", "have", "had", "let", "just", "yes", "again",
	"together", "sources:", "note", "read", "see", "more", "less", "few", "several", "other",
	"another", "same", "whether", "because", "unless", "once", "whereas", "nearly", "almost",
	"beyond", "toward", "towards", "like", "unlike", "per", "via", "re", "vs.", "vs", "etc.",
	"mr", "no.", "ok", "okay", "nothing", "everything", "everyone", "someone", "anyone", "nobody",
}

// surnameParticleWords may sit, lower-case, inside a name ("Ursula von der Leyen").
var surnameParticleWords = []string{
	"von", "van", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du", "dos", "das",
	"bin", "ibn", "bint", "al", "el", "ter", "ten", "zu", "af", "abu", "ould", "y",
}

// arabicPrefixes, hyphen-joined to a capitalised word, make a name token ("al-Sharaa").
var arabicPrefixes = []string{"al", "el", "ad", "as", "at", "ash", "ar", "an", "az", "abu", "bin", "ben", "ibn", "bani"}

// adjectiveSuffixes end hyphenated adjectives that are not names ("U.S.-led", "Russian-held").
var adjectiveSuffixes = []string{
	"led", "backed", "based", "held", "owned", "controlled", "occupied", "made", "brokered",
	"style", "era", "linked", "aligned", "friendly", "allied", "funded", "run", "born", "affiliated",
	"appointed", "designated", "sponsored", "supported", "imposed", "installed", "armed", "built",
	"leaning", "oriented", "centric", "bound", "wide", "level", "class", "type", "related", "only",
}

// ambiguousGiven are places that are also given names ("Israel Katz", "Jordan Bardella"): they
// start a name when a capitalised unknown word follows.
var ambiguousGiven = []string{"israel", "jordan", "chad", "georgia", "india", "paris", "florence", "victoria", "sofia"}

// abbreviations keep their final dot: it does not end a sentence.
var abbreviations = []string{
	"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "st", "adm", "maj", "capt",
	"sgt", "prof", "jr", "sr", "rev", "hon", "pres", "amb", "mt", "no", "vs", "etc", "jan", "feb",
	"mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co",
	"ltd", "dept", "gov't", "approx", "est", "fig", "vol",
}
