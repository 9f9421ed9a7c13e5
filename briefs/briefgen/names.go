package briefgen

// region groups name lists with the countries whose officials carry such names.
type region struct {
	first        []string
	last         []string
	surnameFirst bool // names are written surname first ("Lai Ching-te")
	countries    []country
}

// country gives the forms a role needs: "Polish Foreign Minister", "Poland’s foreign minister".
type country struct {
	name      string
	adjective string
	capital   string
}

var regions = []region{
	{ // Central and Eastern Europe
		first: []string{"Tomasz", "Katarzyna", "Radosław", "Agnieszka", "Jan", "Magdalena", "Piotr", "Zuzana",
			"Andrii", "Olena", "Mykola", "Ivan", "Petr", "Jana", "Viktor", "Ilona"},
		last: []string{"Nowak", "Kowalska", "Wiśniewski", "Zieliński", "Dvořák", "Novotná", "Horváth", "Szabó",
			"Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Popescu", "Ionescu", "Kosiniak-Kamysz",
			"Lewandowski", "Kučera", "Nagy", "Petrović", "Jovanović"},
		countries: []country{{"Poland", "Polish", "Warsaw"}, {"Ukraine", "Ukrainian", "Kyiv"},
			{"the Czech Republic", "Czech", "Prague"}, {"Hungary", "Hungarian", "Budapest"},
			{"Romania", "Romanian", "Bucharest"}, {"Serbia", "Serbian", "Belgrade"}},
	},
	{ // Northern and Western Europe
		first: []string{"Anna", "Lars", "Mette", "Henrik", "Ingrid", "Sven", "Friedrich", "Annalena",
			"Klaus", "Sophie", "Pieter", "Marieke", "Jukka", "Aino", "Kristen", "Kaja"},
		last: []string{"Lindqvist", "Sørensen", "Andersen", "Johansson", "Virtanen", "Häkkinen", "Müller",
			"Schröder", "Weber", "Becker", "van der Berg", "de Vries", "Jansen", "Tamm", "Kask", "Ødegaard",
			"Nieminen", "Bauer", "von Hassel", "Lund"},
		countries: []country{{"Germany", "German", "Berlin"}, {"Denmark", "Danish", "Copenhagen"},
			{"Sweden", "Swedish", "Stockholm"}, {"Finland", "Finnish", "Helsinki"},
			{"the Netherlands", "Dutch", "The Hague"}, {"Estonia", "Estonian", "Tallinn"}},
	},
	{ // Southern Europe and Latin America
		first: []string{"María", "José", "Lucía", "Andrés", "Giorgia", "Matteo", "Sofía", "Diego",
			"Inês", "João", "Carmen", "Luis", "Beatriz", "Emmanuel", "Camille", "Gabriel"},
		last: []string{"García", "Fernández", "López", "Martínez", "Rossi", "Bianchi", "Esposito", "Silva",
			"Santos", "Pereira", "de la Cruz", "Moreau", "Dubois", "Lefèvre", "Ramírez", "Gómez", "Ferreira",
			"Conti", "da Costa", "Herrera"},
		countries: []country{{"Spain", "Spanish", "Madrid"}, {"Italy", "Italian", "Rome"},
			{"France", "French", "Paris"}, {"Brazil", "Brazilian", "Brasília"},
			{"Mexico", "Mexican", "Mexico City"}, {"Argentina", "Argentine", "Buenos Aires"}},
	},
	{ // Middle East and North Africa
		first: []string{"Ahmed", "Fatima", "Omar", "Layla", "Khalid", "Yasmin", "Hassan", "Nour",
			"Faisal", "Rania", "Tariq", "Mona", "Asaad", "Salma", "Badr", "Ziad"},
		last: []string{"al-Sharaa", "al-Shaibani", "Haddad", "Khoury", "Mansour", "bin Farhan", "el-Sayed",
			"Abdelatty", "Nasser", "Hamdan", "al-Amin", "Saleh", "Aziz", "Karimi", "Farouk", "el-Masri",
			"Qasim", "al-Tamimi", "Jaber", "Darwish"},
		countries: []country{{"Syria", "Syrian", "Damascus"}, {"Egypt", "Egyptian", "Cairo"},
			{"Saudi Arabia", "Saudi", "Riyadh"}, {"Jordan", "Jordanian", "Amman"},
			{"Lebanon", "Lebanese", "Beirut"}, {"Qatar", "Qatari", "Doha"}},
	},
	{ // Türkiye, the Caucasus and Central Asia
		first: []string{"Mehmet", "Ayşe", "Hakan", "Elif", "Mustafa", "Zeynep", "Emre", "Gül",
			"Nursultan", "Aigerim", "Ilham", "Leyla", "Nikol", "Ani", "Davit", "Nino"},
		last: []string{"Yılmaz", "Demirtaş", "Kaya", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan",
			"Tokayev", "Nazarbayeva", "Aliyev", "Mammadova", "Pashinyan", "Grigoryan", "Beridze",
			"Kapanadze", "Doğan", "Kılıç", "Toktogulov", "Rahimova"},
		countries: []country{{"Türkiye", "Turkish", "Ankara"}, {"Kazakhstan", "Kazakh", "Astana"},
			{"Azerbaijan", "Azerbaijani", "Baku"}, {"Armenia", "Armenian", "Yerevan"},
			{"Georgia", "Georgian", "Tbilisi"}},
	},
	{ // East Asia: surname first
		first:        []string{"Wei", "Jian", "Ching-te", "Mei-ling", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Haruto", "Xiaoming", "Ying", "Tae-yang", "Sakura", "Hao", "Seo-yeon", "Kenji"},
		last:         []string{"Wang", "Li", "Zhang", "Chen", "Lin", "Lai", "Huang", "Tanaka", "Suzuki", "Sato", "Kim", "Park", "Lee", "Choi", "Yamamoto", "Nakamura", "Zhou", "Wu", "Kang", "Hsiao"},
		surnameFirst: true,
		countries: []country{{"China", "Chinese", "Beijing"}, {"Japan", "Japanese", "Tokyo"},
			{"South Korea", "South Korean", "Seoul"}, {"Taiwan", "Taiwanese", "Taipei"}},
	},
	{ // South Asia
		first: []string{"Rahul", "Priya", "Arjun", "Ananya", "Imran", "Ayesha", "Sanjay", "Kavita",
			"Bilawal", "Maryam", "Sheikh", "Nasreen", "Ranil", "Anura", "Deepak", "Sunita"},
		last: []string{"Sharma", "Patel", "Singh", "Gupta", "Khan", "Qureshi", "Chaudhry", "Hasina",
			"Rahman", "Wickremesinghe", "Dissanayake", "Iyer", "Reddy", "Bhutto", "Malik", "Hussain",
			"Mehta", "Joshi", "Perera", "Bose"},
		countries: []country{{"India", "Indian", "New Delhi"}, {"Pakistan", "Pakistani", "Islamabad"},
			{"Bangladesh", "Bangladeshi", "Dhaka"}, {"Sri Lanka", "Sri Lankan", "Colombo"}},
	},
	{ // Sub-Saharan Africa
		first: []string{"Amina", "Kwame", "Ngozi", "Abiy", "Cyril", "Fatoumata", "Assimi", "Aïssata",
			"William", "Grace", "Bola", "Chidi", "Thandiwe", "Moussa", "Hage", "Samia"},
		last: []string{"Okonjo", "Ramaphosa", "Goïta", "Traoré", "Diallo", "Ruto", "Kagame", "Tinubu",
			"Mensah", "Ouattara", "Nkosi", "Mutharika", "Odinga", "Sow", "Keïta", "Bâ", "Hassan",
			"Mahama", "Ndlovu", "Achebe"},
		countries: []country{{"Nigeria", "Nigerian", "Abuja"}, {"Kenya", "Kenyan", "Nairobi"},
			{"South Africa", "South African", "Pretoria"}, {"Mali", "Malian", "Bamako"},
			{"Ethiopia", "Ethiopian", "Addis Ababa"}, {"Ghana", "Ghanaian", "Accra"}},
	},
	{ // North America, the UK and Oceania
		first: []string{"Michael", "Sarah", "John", "Emily", "David", "Rachel", "James", "Laura",
			"Marco", "Karoline", "Pete", "Tulsi", "Keir", "Yvette", "Anthony", "Penny"},
		last: []string{"Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Taylor",
			"Anderson", "Thompson", "O’Brien", "McAllister", "Walker", "Harris", "Clarke", "Robinson",
			"Campbell", "Wright", "Mitchell", "Baker"},
		countries: []country{{"the United States", "U.S.", "Washington"}, {"the United Kingdom", "British", "London"},
			{"Canada", "Canadian", "Ottawa"}, {"Australia", "Australian", "Canberra"}},
	},
	{ // Russia and Belarus
		first: []string{"Dmitry", "Sergei", "Maria", "Yuri", "Alexander", "Olga", "Andrei", "Tatiana",
			"Nikolai", "Elena", "Mikhail", "Irina", "Vladimir", "Svetlana", "Pavel", "Natalia"},
		last: []string{"Ivanov", "Petrov", "Smirnov", "Volkov", "Sokolov", "Lebedev", "Kozlov", "Novikov",
			"Morozov", "Zakharova", "Orlov", "Belousov", "Khrenin", "Lukin", "Fedorov", "Gerasimov",
			"Medvedev", "Karpov", "Ryabkov", "Nebenzya"},
		countries: []country{{"Russia", "Russian", "Moscow"}, {"Belarus", "Belarusian", "Minsk"}},
	},
}

// office is a post a person holds, in the forms the text needs.
type office struct {
	title string // before a name: "Foreign Minister"
	lower string // in an appositive: "foreign minister"
}

var offices = []office{
	{"President", "president"}, {"Prime Minister", "prime minister"},
	{"Foreign Minister", "foreign minister"}, {"Defence Minister", "defence minister"},
	{"Finance Minister", "finance minister"}, {"Interior Minister", "interior minister"},
	{"Energy Minister", "energy minister"}, {"Trade Minister", "trade minister"},
	{"National Security Adviser", "national security adviser"},
	{"Central Bank Governor", "central bank governor"},
	{"Ambassador to the United Nations", "ambassador to the United Nations"},
	{"Chief of the General Staff", "chief of the general staff"},
	{"Opposition Leader", "opposition leader"}, {"Government Spokesperson", "government spokesperson"},
	{"Chief Negotiator", "chief negotiator"}, {"Deputy Foreign Minister", "deputy foreign minister"},
	{"Intelligence Chief", "intelligence chief"}, {"Parliament Speaker", "parliament speaker"},
}
