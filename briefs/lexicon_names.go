package briefs

// givenNameVariants maps folded nicknames and transliterations of given names to one canonical
// form, so "Mike Waltz" and "Michael Waltz" share a PersonKey. Only unambiguous pairs are listed:
// "Jack" (John? Jackson?) and "Steve" (Stephen or Steven) are left alone on purpose.
var givenNameVariants = map[string]string{
	"mike": "michael", "mikey": "michael", "mick": "michael",
	"bill": "william", "billy": "william", "will": "william", "willy": "william",
	"joe": "joseph", "joey": "joseph",
	"bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert",
	"jim": "james", "jimmy": "james", "jamie": "james",
	"tony": "anthony", "antony": "anthony",
	"dick": "richard", "rick": "richard", "ric": "richard", "rich": "richard", "richie": "richard",
	"alex": "alexander", "aleksandr": "alexander", "alexandr": "alexander", "aleksander": "alexander",
	"vlad": "vladimir", "volodya": "vladimir",
	"dan": "daniel", "danny": "daniel",
	"dave": "david", "davy": "david",
	"tom": "thomas", "tommy": "thomas",
	"chris": "christopher",
	"nick":  "nicholas", "nicky": "nicholas",
	"ben": "benjamin", "benny": "benjamin", "bibi": "benjamin",
	"sam": "samuel", "sammy": "samuel",
	"matt": "matthew",
	"pat":  "patrick", "paddy": "patrick",
	"ted": "edward", "ed": "edward", "eddie": "edward", "ned": "edward",
	"andy": "andrew", "drew": "andrew",
	"greg": "gregory",
	"jeff": "jeffrey", "geoff": "geoffrey",
	"ron": "ronald", "ronnie": "ronald",
	"don": "donald", "donnie": "donald",
	"larry":   "lawrence",
	"charlie": "charles", "chuck": "charles",
	"tim": "timothy",
	"liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth",
	"kate": "katherine", "kathy": "katherine", "katie": "katherine",
	"jen": "jennifer", "jenny": "jennifer",
	"sue": "susan", "susie": "susan",
	"pete":  "peter",
	"marty": "martin",
	"hank":  "henry",
	// Russian and Ukrainian transliterations stay apart: Serhiy is not Sergei.
	"dmitri": "dmitry", "dmitriy": "dmitry", "dimitri": "dmitry",
	"sergei": "sergey",
	"serhiy": "serhii", "sergiy": "serhii", "serhij": "serhii",
	"yuri": "yury", "yuriy": "yury",
	"andrei": "andrey",
	"andriy": "andrii", "andrij": "andrii",
	"alexei": "alexey", "aleksei": "alexey", "aleksey": "alexey",
	"volodimir": "volodymyr",
	"mohammad":  "mohammed", "muhammad": "mohammed", "mohamed": "mohammed",
}

// surnameVariants unifies transliterations of surnames that briefings spell differently.
var surnameVariants = map[string]string{
	"zelensky": "zelenskyy", "zelenskiy": "zelenskyy", "zelenskyi": "zelenskyy", "zelenski": "zelenskyy",
	"shoygu": "shoigu", "khamene'i": "khamenei", "qaddafi": "gaddafi", "kadhafi": "gaddafi",
	"netanyahou": "netanyahu", "sybigha": "sybiha", "medvedyev": "medvedev", "lavrow": "lavrov",
}

// surnameParticles are the lower-case words that belong to the surname that follows them.
var surnameParticles = map[string]bool{
	"von": true, "van": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"la": true, "le": true, "da": true, "di": true, "du": true, "dos": true, "das": true, "do": true,
	"bin": true, "ibn": true, "bint": true, "al": true, "el": true, "ter": true, "ten": true,
	"zu": true, "af": true, "st.": true, "abu": true, "ould": true, "mac": true, "y": true,
}

// nameSuffixes follow a surname without being part of it.
var nameSuffixes = map[string]bool{
	"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true,
}

// eastAsianFamilyNames are family names that Chinese, Korean and Vietnamese names put first.
var eastAsianFamilyNames = map[string]bool{
	"xi": true, "li": true, "wang": true, "zhang": true, "liu": true, "chen": true, "yang": true,
	"zhao": true, "huang": true, "zhou": true, "wu": true, "xu": true, "sun": true, "ma": true,
	"hu": true, "zhu": true, "guo": true, "he": true, "lin": true, "luo": true, "gao": true,
	"han": true, "cai": true, "ding": true, "dong": true, "qin": true, "lai": true, "tsai": true,
	"hsiao": true, "ko": true, "cho": true, "kim": true, "lee": true, "park": true, "choi": true,
	"yoon": true, "moon": true, "jung": true, "kang": true, "shin": true, "hun": true,
	"nguyen": true, "pham": true, "tran": true, "vo": true, "to": true, "wen": true, "jiang": true,
	"deng": true, "mao": true, "chung": true, "ahn": true, "fu": true, "qiu": true, "song": true, "tang": true, "yu": true, "zeng": true, "peng": true, "xie": true, "shen": true, "pan": true, "yao": true, "lu": true, "jin": true, "wei": true, "kwon": true, "lim": true, "ho": true, "cheng": true, "chiang": true,
}

// eastAsianGivenNames are unhyphenated given names (or syllables) that follow those family names.
var eastAsianGivenNames = map[string]bool{
	"jinping": true, "yi": true, "qiang": true, "keqiang": true, "huning": true, "zheng": true,
	"leji": true, "xuexiang": true, "qi": true, "jun": true, "xiaoping": true, "zemin": true,
	"jintao": true, "jiabao": true, "lijun": true, "weidong": true, "shangfu": true, "yuzhen": true,
	"jong": true, "un": true, "yo": true, "suk": true, "yeol": true, "jae": true, "in": true,
	"myung": true, "hsien": true, "loong": true, "kuan": true, "yew": true, "sen": true,
	"manet": true, "lam": true, "minh": true, "chinh": true, "phu": true, "trong": true,
	"van": true, "thuong": true, "zedong": true, "kai-shek": true, "gang": true, "wei": true,
}

// Pinyin initials and finals: a word made of one or two pinyin syllables ("ning", "jinping") is
// taken for a Chinese given name after a known family name. The check overaccepts a few
// non-syllables, which is harmless behind the family-name gate.
var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
		"j", "q", "x", "r", "z", "c", "s", "y", "w"}
	pinyinFinals = setOf([]string{"a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu",
		"ie", "ve", "ue", "er", "an", "en", "in", "un", "vn", "ang", "eng", "ing", "ong", "iang",
		"iong", "ian", "uan", "uang", "ua", "uo", "uai", "ia", "iao", "uan", "van", "un"})
)

// isPinyinSyllable reports whether w is one pinyin syllable without tone marks.
func isPinyinSyllable(w string) bool {
	if pinyinFinals[w] {
		return true
	}
	for _, in := range pinyinInitials {
		if len(w) > len(in) && w[:len(in)] == in && pinyinFinals[w[len(in):]] {
			return true
		}
	}
	return false
}

// isPinyinName reports whether w is one or two pinyin syllables ("yi", "jinping", "jiakun").
func isPinyinName(w string) bool {
	if len(w) > 12 {
		return false
	}
	if isPinyinSyllable(w) {
		return true
	}
	for i := 1; i < len(w); i++ {
		if isPinyinSyllable(w[:i]) && isPinyinSyllable(w[i:]) {
			return true
		}
	}
	return false
}
