// Reference data for the demo council, embedded so that the binary needs no
// extra files: Barnet's wards (the 2002-2022 boundaries) with approximate
// centres, streets with their postcode districts, British given and family
// names grouped so that a person's names go together, and the partners the
// contact centre signposts people to.
//
// Streets and postcode units are plausible, not an address gazetteer: UPRNs
// and USRNs are made up, and telephone numbers come from Ofcom's ranges for
// drama (demo_people.cpp), so nobody real is ever contacted.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace civicdesk::demo {

// ---- geography --------------------------------------------------------------

// The borough's bounding box: every generated point is inside it.
inline constexpr double kMinLat = 51.555, kMaxLat = 51.670;
inline constexpr double kMinLng = -0.305, kMaxLng = -0.130;
// A simplified outline of the London Borough of Barnet ([longitude,
// latitude]): its extent above with the corners a little beyond it, so that
// every generated point (kept inside the extent) lies inside the boundary.
inline constexpr std::string_view kBoundaryGeoJson =
    R"({"type":"Polygon","coordinates":[[[-0.307,51.553],[-0.218,51.549],[-0.128,51.553],[-0.124,51.612],)"
    R"([-0.128,51.672],[-0.218,51.676],[-0.307,51.672],[-0.311,51.612],[-0.307,51.553]]]})";

struct WardInfo {
  std::string_view code, name;
  double lat, lng;
  // Seats won by party (3 per ward): index into kParties.
  std::array<int, 3> seats;
};

inline constexpr std::array<std::string_view, 4> kParties = {"Conservative", "Labour", "Liberal Democrat",
                                                             "Independent"};

// Default demos use the first 20; Woodhouse is the 21st.
inline constexpr std::array<WardInfo, 21> kWards = {{
    {"brunswick-park", "Brunswick Park", 51.6290, -0.1500, {0, 0, 1}},
    {"burnt-oak", "Burnt Oak", 51.6035, -0.2640, {1, 1, 1}},
    {"childs-hill", "Childs Hill", 51.5650, -0.2050, {0, 1, 2}},
    {"colindale", "Colindale", 51.5960, -0.2480, {1, 1, 1}},
    {"coppetts", "Coppetts", 51.6050, -0.1560, {1, 1, 1}},
    {"east-barnet", "East Barnet", 51.6430, -0.1650, {0, 0, 1}},
    {"east-finchley", "East Finchley", 51.5900, -0.1680, {1, 1, 1}},
    {"edgware", "Edgware", 51.6140, -0.2790, {0, 0, 0}},
    {"finchley-church-end", "Finchley Church End", 51.6000, -0.1960, {0, 0, 0}},
    {"garden-suburb", "Garden Suburb", 51.5800, -0.1880, {0, 0, 0}},
    {"golders-green", "Golders Green", 51.5760, -0.2020, {0, 0, 0}},
    {"hale", "Hale", 51.6170, -0.2540, {0, 0, 1}},
    {"hendon", "Hendon", 51.5860, -0.2250, {0, 0, 0}},
    {"high-barnet", "High Barnet", 51.6540, -0.2000, {0, 0, 0}},
    {"mill-hill", "Mill Hill", 51.6160, -0.2320, {0, 0, 0}},
    {"oakleigh", "Oakleigh", 51.6300, -0.1700, {0, 0, 0}},
    {"totteridge", "Totteridge", 51.6330, -0.2050, {0, 0, 0}},
    {"underhill", "Underhill", 51.6440, -0.2150, {1, 1, 0}},
    {"west-finchley", "West Finchley", 51.6090, -0.1860, {1, 1, 1}},
    {"west-hendon", "West Hendon", 51.5800, -0.2400, {1, 1, 0}},
    {"woodhouse", "Woodhouse", 51.6170, -0.1760, {1, 1, 1}},
}};

struct StreetInfo {
  int ward;                   // index into kWards
  std::string_view name;
  std::string_view district;  // postcode district, e.g. "NW9"
  int sector;                 // postcode sector digit
  bool high_street;           // shops and businesses: organisations live here
};

inline constexpr StreetInfo kStreets[] = {
    {0, "Brunswick Park Road", "N11", 1, false}, {0, "Osidge Lane", "N14", 5, false},
    {0, "Russell Lane", "N20", 0, false},        {0, "Oakleigh Road South", "N11", 1, true},
    {0, "Brunswick Crescent", "N11", 1, false},  {0, "Waterfall Road", "N14", 7, false},
    {0, "Ashbourne Avenue", "N20", 0, false},    {0, "Cedar Avenue", "EN4", 8, false},

    {1, "Burnt Oak Broadway", "HA8", 0, true},   {1, "Watling Avenue", "HA8", 0, true},
    {1, "Gervase Road", "HA8", 0, false},        {1, "Orange Hill Road", "HA8", 0, false},
    {1, "Barnfield Road", "HA8", 0, false},      {1, "Deansbrook Road", "HA8", 9, false},
    {1, "Silkstream Road", "HA8", 0, false},     {1, "Littlefield Road", "HA8", 0, false},

    {2, "Finchley Road", "NW11", 8, true},       {2, "West Heath Drive", "NW11", 7, false},
    {2, "Childs Way", "NW11", 6, false},         {2, "Hermitage Gardens", "NW11", 7, false},
    {2, "Ridge Hill", "NW11", 8, false},         {2, "Pennine Parade", "NW11", 8, false},
    {2, "Cloister Gardens", "NW11", 7, false},   {2, "Granville Gardens", "NW11", 8, false},

    {3, "Colindale Avenue", "NW9", 5, true},     {3, "Aerodrome Road", "NW9", 5, false},
    {3, "Grahame Park Way", "NW9", 5, false},    {3, "Lanacre Avenue", "NW9", 5, false},
    {3, "Edgware Road", "NW9", 0, true},         {3, "Booth Road", "NW9", 5, false},
    {3, "Heritage Avenue", "NW9", 5, false},     {3, "Charcot Road", "NW9", 5, false},

    {4, "Friern Barnet Road", "N11", 3, true},   {4, "Colney Hatch Lane", "N11", 3, true},
    {4, "Coppetts Road", "N10", 1, false},       {4, "Hampden Road", "N10", 2, false},
    {4, "Pembroke Road", "N10", 2, false},       {4, "Sydney Road", "N10", 2, false},
    {4, "Halliwick Road", "N10", 1, false},      {4, "Macdonald Road", "N11", 3, false},

    {5, "East Barnet Road", "EN4", 8, true},     {5, "Cat Hill", "EN4", 8, false},
    {5, "Church Hill Road", "EN4", 8, false},    {5, "Lancaster Road", "EN4", 8, false},
    {5, "Crescent Road", "EN4", 9, false},       {5, "Park Road", "EN4", 9, false},
    {5, "Belmont Avenue", "EN4", 9, false},      {5, "Lyonsdown Road", "EN5", 1, false},

    {6, "High Road", "N2", 9, true},             {6, "East End Road", "N2", 0, false},
    {6, "Church Lane", "N2", 8, false},          {6, "Fortis Green", "N2", 9, false},
    {6, "Leslie Road", "N2", 8, false},          {6, "Durham Road", "N2", 9, false},
    {6, "Huntingdon Road", "N2", 9, false},      {6, "Creighton Avenue", "N2", 9, false},

    {7, "Station Road", "HA8", 7, true},         {7, "Hale Lane", "HA8", 9, false},
    {7, "Edgwarebury Lane", "HA8", 8, false},    {7, "Mowbray Road", "HA8", 8, false},
    {7, "Manor Park Crescent", "HA8", 7, false}, {7, "Stonegrove", "HA8", 7, false},
    {7, "Green Lane", "HA8", 7, false},          {7, "Penshurst Gardens", "HA8", 9, false},

    {8, "Regents Park Road", "N3", 3, true},     {8, "Ballards Lane", "N3", 2, true},
    {8, "Hendon Lane", "N3", 1, false},          {8, "Dollis Park", "N3", 1, false},
    {8, "Lichfield Grove", "N3", 2, false},      {8, "Arden Road", "N3", 3, false},
    {8, "Stanhope Avenue", "N3", 3, false},      {8, "Dollis Avenue", "N3", 1, false},

    {9, "Hampstead Way", "NW11", 7, false},      {9, "Meadway", "NW11", 7, false},
    {9, "Erskine Hill", "NW11", 6, false},       {9, "Northway", "NW11", 6, false},
    {9, "Addison Way", "NW11", 6, false},        {9, "Lyttelton Road", "N2", 0, false},
    {9, "Kingsley Way", "N2", 0, false},         {9, "Hill Top", "NW11", 6, false},

    {10, "Golders Green Road", "NW11", 8, true}, {10, "The Drive", "NW11", 9, false},
    {10, "Bridge Lane", "NW11", 0, false},       {10, "Hoop Lane", "NW11", 8, false},
    {10, "Wentworth Road", "NW11", 0, false},    {10, "Woodlands", "NW11", 9, false},
    {10, "Highfield Avenue", "NW11", 9, false},  {10, "Powis Gardens", "NW11", 8, false},

    {11, "Hale Drive", "NW7", 3, false},         {11, "Selvage Lane", "NW7", 3, false},
    {11, "Deans Lane", "HA8", 9, false},         {11, "Page Street", "NW7", 2, false},
    {11, "Bunns Lane", "NW7", 2, true},          {11, "Langley Park", "NW7", 2, false},
    {11, "Apex Corner", "NW7", 3, true},         {11, "Thirleby Road", "HA8", 0, false},

    {12, "The Burroughs", "NW4", 4, true},       {12, "Church Road", "NW4", 4, false},
    {12, "Brent Street", "NW4", 2, true},        {12, "Vivian Avenue", "NW4", 3, false},
    {12, "Parson Street", "NW4", 1, false},      {12, "Queens Road", "NW4", 2, false},
    {12, "Sevington Road", "NW4", 3, false},     {12, "Sunningfields Road", "NW4", 4, false},

    {13, "High Street", "EN5", 5, true},         {13, "Wood Street", "EN5", 4, false},
    {13, "Union Street", "EN5", 4, false},       {13, "Alston Road", "EN5", 4, false},
    {13, "Stapylton Road", "EN5", 4, false},     {13, "Salisbury Road", "EN5", 4, false},
    {13, "Hadley Green Road", "EN5", 5, false},  {13, "Meadow Drive", "EN5", 5, false},

    {14, "The Broadway", "NW7", 3, true},        {14, "Daws Lane", "NW7", 4, false},
    {14, "Bittacy Hill", "NW7", 1, false},       {14, "The Ridgeway", "NW7", 1, false},
    {14, "Hammers Lane", "NW7", 4, false},       {14, "Lawrence Street", "NW7", 4, false},
    {14, "Millway", "NW7", 3, false},            {14, "Flower Lane", "NW7", 2, false},

    {15, "Oakleigh Road North", "N20", 9, false}, {15, "Oakleigh Park North", "N20", 9, false},
    {15, "Friern Barnet Lane", "N20", 0, false}, {15, "Whetstone High Road", "N20", 0, true},
    {15, "Athenaeum Road", "N20", 9, false},     {15, "Myddelton Park", "N20", 0, false},
    {15, "Oakleigh Avenue", "N20", 9, false},    {15, "Church Crescent", "N20", 0, false},

    {16, "Totteridge Lane", "N20", 8, true},     {16, "Totteridge Common", "N20", 8, false},
    {16, "Totteridge Village", "N20", 8, false}, {16, "Longland Drive", "N20", 8, false},
    {16, "Woodside Lane", "N12", 8, false},      {16, "Lullington Garth", "N12", 7, false},
    {16, "Holden Road", "N12", 7, false},        {16, "Southover", "N12", 7, false},

    {17, "Barnet Lane", "EN5", 2, false},        {17, "Mays Lane", "EN5", 2, true},
    {17, "Underhill", "EN5", 2, false},          {17, "Manor Road", "EN5", 2, false},
    {17, "Western Way", "EN5", 2, false},        {17, "Fitzjohn Avenue", "EN5", 2, false},
    {17, "Leicester Road", "EN5", 5, false},     {17, "Potters Road", "EN5", 5, false},

    {18, "Nether Street", "N3", 1, false},       {18, "Moss Hall Grove", "N12", 8, false},
    {18, "Lodge Lane", "N12", 8, true},          {18, "Christchurch Avenue", "N12", 0, false},
    {18, "Argyle Road", "N12", 7, false},        {18, "Westbury Road", "N12", 7, false},
    {18, "Percy Road", "N12", 8, false},         {18, "Oakdene Park", "N3", 1, false},

    {19, "West Hendon Broadway", "NW9", 7, true}, {19, "Cool Oak Lane", "NW9", 7, false},
    {19, "Goldsmith Avenue", "NW9", 7, false},   {19, "Wilberforce Road", "NW9", 6, false},
    {19, "Herbert Road", "NW9", 6, false},       {19, "Ravenstone Road", "NW9", 6, false},
    {19, "Perryfield Way", "NW9", 7, false},     {19, "Cheyne Walk", "NW4", 3, false},

    {20, "Woodhouse Road", "N12", 0, false},     {20, "High Road North Finchley", "N12", 9, true},
    {20, "Granville Road", "N12", 0, false},     {20, "Friern Park", "N12", 9, false},
    {20, "Summers Lane", "N12", 0, false},       {20, "Bow Lane", "N12", 0, false},
    {20, "Woodside Avenue", "N12", 8, false},    {20, "Torrington Park", "N12", 9, false},
};

// Blocks of flats: "Flat 4, Cedar Court, 12 Station Road".
inline constexpr std::string_view kBlockNames[] = {
    "Cedar Court", "Beech House", "Elm Lodge", "Holly Court", "Maple House", "Oak Mansions",
    "Rowan Court", "Willow House", "Laurel Court", "Chestnut Lodge", "Alder House", "Hazel Court"};

// Postcode unit letters: the inward code's last two characters never use
// C, I, K, M, O or V.
inline constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";

// ---- names --------------------------------------------------------------------

// Names that go together: a person's given and family name come from the same
// group. Weights roughly follow the borough's population.
struct NameGroup {
  double weight;
  std::string_view language;  // BCP 47 tag for people who need an interpreter
  std::span<const std::string_view> male, female, family;
};

inline constexpr std::string_view kBritishMale[] = {
    "Oliver", "George", "Harry", "Jack", "James", "William", "Thomas", "Daniel", "David", "Michael",
    "Paul", "Peter", "John", "Robert", "Richard", "Mark", "Andrew", "Christopher", "Stephen", "Matthew",
    "Samuel", "Benjamin", "Joshua", "Adam", "Ryan", "Edward", "Charles", "Henry", "Alexander", "Luke",
    "Simon", "Anthony", "Ian", "Gary", "Kevin", "Colin", "Graham", "Keith", "Philip", "Martin", "Alan",
    "Brian", "Trevor", "Nigel", "Dennis", "Roy", "Sean", "Patrick", "Liam", "Connor", "Callum", "Jamie",
    "Nathan", "Lewis", "Joseph", "Harvey", "Leo", "Alfie", "Archie", "Toby"};
inline constexpr std::string_view kBritishFemale[] = {
    "Olivia", "Amelia", "Isla", "Emily", "Sophie", "Jessica", "Charlotte", "Grace", "Lily", "Chloe",
    "Hannah", "Sarah", "Rebecca", "Margaret", "Patricia", "Susan", "Elizabeth", "Mary", "Jennifer",
    "Helen", "Catherine", "Jane", "Claire", "Emma", "Lucy", "Anna", "Laura", "Victoria", "Alice",
    "Eleanor", "Joanne", "Karen", "Julie", "Nicola", "Tracey", "Dawn", "Linda", "Carol", "Sandra",
    "Pauline", "Brenda", "Shirley", "Doreen", "Jean", "Joan", "Barbara", "Valerie", "Gillian",
    "Siobhan", "Niamh", "Aoife", "Bridget", "Megan", "Holly", "Poppy", "Ruby", "Freya", "Florence",
    "Harriet", "Georgina"};
inline constexpr std::string_view kBritishFamily[] = {
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
    "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott",
    "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell",
    "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
    "Cox", "Richards", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster",
    "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Campbell", "Matthews", "Owen",
    "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher",
    "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "O'Brien", "O'Connor", "Byrne", "Ryan", "Doyle",
    "Walsh", "McCarthy", "Gallagher", "Fletcher", "Hudson", "Pearce", "Lawrence", "Sutton", "Hayes",
    "Armstrong", "Fox", "Reid", "Stewart", "Burton", "Dean", "Gibson", "Cole", "Wells", "Lambert"};

inline constexpr std::string_view kSouthAsianMale[] = {
    "Arjun", "Rohan", "Raj", "Sanjay", "Vikram", "Amit", "Nikhil", "Rahul", "Anil", "Deepak", "Imran",
    "Mohammed", "Ahmed", "Ali", "Hassan", "Bilal", "Faisal", "Kamal", "Tariq", "Ravi", "Suresh",
    "Harpreet", "Gurpreet", "Jaswinder", "Kiran", "Dinesh", "Nitin", "Pranav", "Ishaan", "Aarav"};
inline constexpr std::string_view kSouthAsianFemale[] = {
    "Priya", "Anjali", "Sunita", "Deepa", "Kavita", "Neha", "Pooja", "Meera", "Asha", "Nisha", "Fatima",
    "Ayesha", "Zainab", "Shabana", "Nasreen", "Farah", "Rukhsana", "Simran", "Harjit", "Manjit",
    "Lakshmi", "Anita", "Rekha", "Divya", "Shreya", "Aditi", "Tanvi", "Amna", "Sana", "Mariam"};
inline constexpr std::string_view kSouthAsianFamily[] = {
    "Patel", "Shah", "Mehta", "Sharma", "Kumar", "Desai", "Joshi", "Choudhury", "Rahman", "Ahmed",
    "Khan", "Hussain", "Begum", "Iqbal", "Mahmood", "Singh", "Kaur", "Gill", "Sandhu", "Chauhan",
    "Pillai", "Nair", "Reddy", "Rao", "Malik", "Qureshi", "Siddiqui", "Bhatt", "Thakkar", "Kapoor"};

inline constexpr std::string_view kJewishMale[] = {
    "David", "Daniel", "Benjamin", "Samuel", "Jonathan", "Michael", "Joshua", "Aaron", "Nathan", "Eli",
    "Moshe", "Yossi", "Avi", "Jacob", "Isaac", "Simon", "Adam", "Gideon", "Reuben", "Saul"};
inline constexpr std::string_view kJewishFemale[] = {
    "Rachel", "Leah", "Miriam", "Esther", "Ruth", "Deborah", "Naomi", "Sarah", "Rebecca", "Hannah",
    "Tamar", "Shira", "Judith", "Dina", "Eva", "Yael", "Abigail", "Talia", "Rivka", "Chana"};
inline constexpr std::string_view kJewishFamily[] = {
    "Cohen", "Levy", "Goldberg", "Friedman", "Shapiro", "Rosenberg", "Kaplan", "Segal", "Klein",
    "Katz", "Green", "Stern", "Gold", "Silver", "Bloom", "Rosen", "Jacobs", "Marks", "Abrahams",
    "Solomon", "Landau", "Berger", "Lewin", "Weiss", "Freedman"};

inline constexpr std::string_view kGreekMale[] = {
    "Andreas", "Nikos", "Costas", "Dimitri", "Georgios", "Christos", "Panayiotis", "Michalis",
    "Stelios", "Yiannis", "Savvas", "Loukas", "Marios", "Petros", "Antonis"};
inline constexpr std::string_view kGreekFemale[] = {
    "Eleni", "Maria", "Despina", "Katerina", "Sophia", "Anastasia", "Georgia", "Christina", "Androulla",
    "Panayiota", "Eftychia", "Irene", "Chrystalla", "Stella", "Niki"};
inline constexpr std::string_view kGreekFamily[] = {
    "Georgiou", "Christodoulou", "Papadopoulos", "Constantinou", "Demetriou", "Ioannou",
    "Charalambous", "Nicolaou", "Kyriacou", "Theodorou", "Michael", "Antoniou", "Panayi", "Savva",
    "Hadjipetrou"};

inline constexpr std::string_view kEastEuropeanMale[] = {
    "Piotr", "Tomasz", "Krzysztof", "Marek", "Pawel", "Andrei", "Mihai", "Stefan", "Ionut", "Bogdan",
    "Vasile", "Lukas", "Jakub", "Dmitri", "Oleksandr"};
inline constexpr std::string_view kEastEuropeanFemale[] = {
    "Katarzyna", "Agnieszka", "Magdalena", "Anna", "Joanna", "Ioana", "Elena", "Andreea", "Mihaela",
    "Alina", "Olga", "Natalia", "Daria", "Monika", "Oksana"};
inline constexpr std::string_view kEastEuropeanFamily[] = {
    "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Popescu",
    "Ionescu", "Popa", "Dumitru", "Stan", "Constantin", "Kovalenko", "Shevchenko"};

inline constexpr std::string_view kWestAfricanMale[] = {
    "Chinedu", "Oluwaseun", "Emeka", "Kwame", "Kofi", "Tunde", "Femi", "Segun", "Obinna", "Yaw",
    "Kwabena", "Ikenna", "Babatunde", "Olumide", "Chidi"};
inline constexpr std::string_view kWestAfricanFemale[] = {
    "Ngozi", "Funmilayo", "Chioma", "Adaeze", "Abena", "Ama", "Yetunde", "Folake", "Nkechi", "Bukola",
    "Efua", "Adwoa", "Temitope", "Ifeoma", "Omolara"};
inline constexpr std::string_view kWestAfricanFamily[] = {
    "Okafor", "Okonkwo", "Adeyemi", "Mensah", "Owusu", "Adebayo", "Nwosu", "Boateng", "Asante",
    "Oyelaran", "Eze", "Ogunleye", "Appiah", "Bello", "Afolabi"};

inline constexpr std::string_view kSomaliArabMale[] = {
    "Abdi", "Mohamed", "Ahmed", "Yusuf", "Omar", "Ibrahim", "Abdullahi", "Hamza", "Khalid", "Mustafa",
    "Karim", "Samir"};
inline constexpr std::string_view kSomaliArabFemale[] = {
    "Amina", "Hodan", "Fadumo", "Sagal", "Hibo", "Nasra", "Layla", "Yasmin", "Noor", "Huda", "Rania",
    "Salma"};
inline constexpr std::string_view kSomaliArabFamily[] = {
    "Mohamed", "Abdi", "Farah", "Warsame", "Ibrahim", "Hassan", "Osman", "Nur", "Aden", "Haddad",
    "Saleh", "Mansour"};

inline constexpr std::string_view kEastAsianMale[] = {"Wei", "Jun", "Hao", "Ming", "Hiroshi", "Kenji",
                                                       "Min-jun", "Jae", "Tuan", "Minh", "Kai", "Chen"};
inline constexpr std::string_view kEastAsianFemale[] = {"Mei", "Yuki", "Xin", "Li", "Hana", "Ji-woo",
                                                         "Linh", "Mai", "Aiko", "Yan", "Jia", "Soo-ah"};
inline constexpr std::string_view kEastAsianFamily[] = {"Chen", "Wang", "Li", "Zhang", "Liu", "Wong",
                                                         "Nguyen", "Tran", "Tanaka", "Sato", "Kim",
                                                         "Park"};

inline constexpr std::string_view kIranianMale[] = {"Reza", "Dariush", "Ali", "Mehdi", "Kourosh", "Babak",
                                                     "Arash", "Farhad", "Kaveh", "Omid"};
inline constexpr std::string_view kIranianFemale[] = {"Shirin", "Leila", "Maryam", "Parisa", "Nazanin",
                                                       "Roya", "Mina", "Azadeh", "Setareh", "Golnar"};
inline constexpr std::string_view kIranianFamily[] = {"Hosseini", "Karimi", "Rahimi", "Ahmadi", "Moradi",
                                                       "Jafari", "Rezaei", "Tehrani", "Sadeghi",
                                                       "Najafi"};

inline constexpr std::string_view kSouthernEuropeanMale[] = {"Marco", "Luca", "Giuseppe", "Antonio",
                                                              "Joao", "Pedro", "Carlos", "Miguel",
                                                              "Javier", "Tiago", "Mehmet", "Emre"};
inline constexpr std::string_view kSouthernEuropeanFemale[] = {"Giulia", "Francesca", "Chiara", "Ana",
                                                                "Beatriz", "Lucia", "Carmen", "Ines",
                                                                "Sofia", "Marta", "Elif", "Zeynep"};
inline constexpr std::string_view kSouthernEuropeanFamily[] = {"Rossi", "Romano", "Esposito", "Ricci",
                                                                "Silva", "Santos", "Fernandes",
                                                                "Garcia", "Martinez", "Lopez",
                                                                "Yilmaz", "Demir"};

inline constexpr NameGroup kNameGroups[] = {
    {0.54, "en", kBritishMale, kBritishFemale, kBritishFamily},
    {0.12, "gu", kSouthAsianMale, kSouthAsianFemale, kSouthAsianFamily},
    {0.08, "en", kJewishMale, kJewishFemale, kJewishFamily},
    {0.05, "el", kGreekMale, kGreekFemale, kGreekFamily},
    {0.06, "pl", kEastEuropeanMale, kEastEuropeanFemale, kEastEuropeanFamily},
    {0.05, "yo", kWestAfricanMale, kWestAfricanFemale, kWestAfricanFamily},
    {0.03, "so", kSomaliArabMale, kSomaliArabFemale, kSomaliArabFamily},
    {0.03, "zh", kEastAsianMale, kEastAsianFemale, kEastAsianFamily},
    {0.02, "fa", kIranianMale, kIranianFemale, kIranianFamily},
    {0.02, "it", kSouthernEuropeanMale, kSouthernEuropeanFemale, kSouthernEuropeanFamily},
};

// Familiar forms people give when they call a second time (duplicates).
struct Nickname {
  std::string_view formal, familiar;
};
inline constexpr Nickname kNicknames[] = {
    {"William", "Bill"},      {"Robert", "Bob"},        {"Elizabeth", "Liz"},   {"Margaret", "Maggie"},
    {"Michael", "Mike"},      {"Richard", "Rick"},      {"Christopher", "Chris"}, {"Katherine", "Kate"},
    {"Catherine", "Cathy"},   {"Jennifer", "Jenny"},    {"Alexander", "Alex"},  {"Benjamin", "Ben"},
    {"Samuel", "Sam"},        {"Joseph", "Joe"},        {"Edward", "Ted"},      {"Patricia", "Pat"},
    {"Susan", "Sue"},         {"Deborah", "Debbie"},    {"Rebecca", "Becky"},   {"Daniel", "Dan"},
    {"Anthony", "Tony"},      {"Stephen", "Steve"},     {"Matthew", "Matt"},    {"Nicola", "Nicky"},
    {"Victoria", "Vicky"},    {"Jonathan", "Jon"},      {"Katarzyna", "Kasia"}, {"Panayiotis", "Peter"},
    {"Dimitri", "Jim"},       {"Oluwaseun", "Seun"},    {"Georgina", "Georgie"}, {"Eleanor", "Ellie"}};

// ---- organisations and partners -------------------------------------------------

// "%w" ward name, "%s" street, "%f" a family name.
inline constexpr std::string_view kOrganisationPatterns[] = {
    "%w Residents' Association", "%s Tenants' Association", "%f & Sons Ltd", "%f Properties Ltd",
    "%f Lettings", "Friends of %w Park", "%w Community Centre", "%f's Café", "%w Traders' Association",
    "%f Dental Practice", "%w Scout Group", "%f Builders Ltd", "%w Allotment Society",
    "%f Pharmacy", "%w Neighbourhood Watch"};

// Support needs recorded for ~5% of customers; a language means an interpreter.
struct SupportNeed {
  std::string_view notes;
  bool interpreter;
};
inline constexpr SupportNeed kSupportNeeds[] = {
    {"Hearing impaired: prefers email or text, not phone calls.", false},
    {"Visually impaired: send letters in large print (18pt).", false},
    {"Uses a wheelchair: needs step-free access for appointments.", false},
    {"Assisted bin collection: cannot take bins to the kerb.", false},
    {"Vulnerable adult: speak to her daughter, who is her carer, before visiting.", false},
    {"Learning disability: explain things simply and confirm in writing.", false},
    {"Mental health: has asked for a named officer and no cold calls.", false},
    {"Needs an interpreter for calls and visits.", true},
    {"Recently bereaved: handle with care.", false},
    {"Dementia: confirm any arrangement with the carer in writing.", false}};

// Organisations the contact centre signposts people to, by theme.
enum class Theme { kGeneral, kHousing, kMoney, kCare, kRoads, kCrime, kWater, kVehicles, kEnvironment };

struct Partner {
  Theme theme;
  std::string_view name;
};
inline constexpr Partner kPartners[] = {
    {Theme::kGeneral, "Citizens Advice Barnet"},
    {Theme::kGeneral, "Barnet Community Help Hub"},
    {Theme::kHousing, "Shelter"},
    {Theme::kHousing, "Citizens Advice Barnet"},
    {Theme::kHousing, "Barnet Homes housing options line"},
    {Theme::kMoney, "Department for Work and Pensions"},
    {Theme::kMoney, "Citizens Advice Barnet"},
    {Theme::kMoney, "Barnet Foodbank"},
    {Theme::kMoney, "HM Revenues and Customs"},
    {Theme::kCare, "Age UK Barnet"},
    {Theme::kCare, "Barnet Carers Centre"},
    {Theme::kCare, "Mind in Barnet"},
    {Theme::kCare, "NHS 111"},
    {Theme::kRoads, "Transport for London (red routes)"},
    {Theme::kRoads, "National Highways (M1 and A1)"},
    {Theme::kCrime, "Metropolitan Police (101)"},
    {Theme::kCrime, "Crimestoppers"},
    {Theme::kWater, "Thames Water"},
    {Theme::kWater, "Affinity Water"},
    {Theme::kVehicles, "DVLA"},
    {Theme::kVehicles, "Transport for London (congestion and ULEZ)"},
    {Theme::kEnvironment, "Environment Agency"},
    {Theme::kEnvironment, "UK Power Networks"},
};

}  // namespace civicdesk::demo
