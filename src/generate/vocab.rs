//! The fixed vocabularies of the synthetic CRM: stage ids, categorical values, names.
//! Every categorical field draws from these lists, so group-by keys stay few and predictable.

/// Stage ids in pipeline order; indices 0..=4 are open, 5 is won, 6 is lost.
pub const STAGES: [&str; 7] =
    ["prospecting", "discovery", "demo", "proposal", "negotiation", "closed_won", "closed_lost"];
/// The stages array of the dataset, written verbatim (ids, labels, order, probability, kind).
pub const STAGES_JSON: &str = r#"[
{"id":"prospecting","label":"Prospecting","order":1,"probability":0.1,"kind":"open"},
{"id":"discovery","label":"Discovery","order":2,"probability":0.2,"kind":"open"},
{"id":"demo","label":"Demo","order":3,"probability":0.4,"kind":"open"},
{"id":"proposal","label":"Proposal","order":4,"probability":0.6,"kind":"open"},
{"id":"negotiation","label":"Negotiation","order":5,"probability":0.8,"kind":"open"},
{"id":"closed_won","label":"Closed Won","order":6,"probability":1.0,"kind":"won"},
{"id":"closed_lost","label":"Closed Lost","order":7,"probability":0,"kind":"lost"}
]"#;
pub const WON: u8 = 5;
pub const LOST: u8 = 6;
/// The last open stage.
pub const NEGOTIATION: u8 = 4;

pub const TEAMS: [&str; 3] = ["east", "west", "central"];
pub const SEGMENTS: [&str; 3] = ["smb", "mid_market", "enterprise"];
pub const SEGMENT_WEIGHTS: [u32; 3] = [50, 35, 15];
pub const REGIONS: [&str; 4] = ["na", "emea", "apac", "latam"];
pub const REGION_WEIGHTS: [u32; 4] = [50, 30, 12, 8];
/// E.164 country calling codes, one per region, for phone numbers.
pub const REGION_PHONE: [&str; 4] = ["+1", "+44", "+61", "+55"];
pub const SOURCES: [&str; 4] = ["inbound", "outbound", "partner", "event"];
pub const SOURCE_WEIGHTS: [u32; 4] = [40, 35, 15, 10];
pub const PRODUCTS: [&str; 4] = ["starter", "pro", "suite", "analytics_addon"];
/// Product weights per segment: small companies buy the entry product, large ones the suite.
pub const PRODUCT_WEIGHTS: [[u32; 4]; 3] = [[65, 25, 0, 10], [15, 55, 15, 15], [0, 30, 60, 10]];
pub const INDUSTRIES: [&str; 7] =
    ["saas", "fintech", "healthcare", "retail", "manufacturing", "logistics", "education"];
pub const DEAL_KINDS: [&str; 3] = ["new business", "expansion", "renewal"];
pub const CURRENCIES: [&str; 3] = ["USD", "EUR", "GBP"];
/// Units of USD per unit of each currency, used only to size local-currency amounts.
pub const USD_PER: [f64; 3] = [1.0, 1.08, 1.26];
pub const FORECAST_CATEGORIES: [&str; 4] = ["pipeline", "best_case", "commit", "omitted"];

pub const PERSONAS: [&str; 6] = ["cfo", "cto", "vp_sales", "head_of_ops", "it_manager", "founder"];
/// Job titles per persona (the first is the most common spelling).
pub const TITLES: [[&str; 3]; 6] = [
    ["Chief Financial Officer", "CFO", "VP Finance"],
    ["Chief Technology Officer", "CTO", "VP Engineering"],
    ["VP Sales", "Head of Sales", "Sales Director"],
    ["Head of Operations", "COO", "Operations Manager"],
    ["IT Manager", "IT Director", "Systems Administrator"],
    ["Founder", "Co-founder & CEO", "CEO"],
];
/// Seniority per (persona, title index).
pub const SENIORITY: [[&str; 3]; 6] = [
    ["c_level", "c_level", "vp"],
    ["c_level", "c_level", "vp"],
    ["vp", "director", "director"],
    ["director", "c_level", "manager"],
    ["manager", "director", "individual_contributor"],
    ["c_level", "c_level", "c_level"],
];

pub const ACTIVITY_TYPES: [&str; 6] = ["call", "email", "meeting", "sequence_step", "linkedin", "other"];
pub const CALL: u8 = 0;
pub const EMAIL: u8 = 1;
pub const MEETING: u8 = 2;
pub const SEQUENCE_STEP: u8 = 3;
/// Index 0 means `null`.
pub const OUTCOMES: [&str; 6] = ["null", "connected", "replied", "meeting_booked", "no_answer", "bounced"];
pub const CONNECTED: u8 = 1;
pub const REPLIED: u8 = 2;
pub const MEETING_BOOKED: u8 = 3;

pub const FIRST_NAMES: [&str; 24] = [
    "Ava", "Liam", "Sofia", "Noah", "Mia", "Lucas", "Emma", "Mateo", "Olivia", "Elijah", "Amara", "Kenji",
    "Priya", "Jonas", "Chloé", "Diego", "Fatima", "Henrik", "Zoe", "Omar", "Ingrid", "Wei", "Nadia", "Tomás",
];
/// Lower-case ASCII of FIRST_NAMES for e-mail local parts.
pub const FIRST_ASCII: [&str; 24] = [
    "ava", "liam", "sofia", "noah", "mia", "lucas", "emma", "mateo", "olivia", "elijah", "amara", "kenji",
    "priya", "jonas", "chloe", "diego", "fatima", "henrik", "zoe", "omar", "ingrid", "wei", "nadia", "tomas",
];
pub const LAST_NAMES: [&str; 20] = [
    "Smith", "Garcia", "Müller", "Rossi", "Nakamura", "O'Brien", "Kowalski", "Silva", "Johnson", "Dubois",
    "Chen", "Okafor", "Larsen", "Patel", "Novak", "Brown", "Haddad", "Kim", "Fischer", "Lopez",
];
pub const LAST_ASCII: [&str; 20] = [
    "smith", "garcia", "muller", "rossi", "nakamura", "obrien", "kowalski", "silva", "johnson", "dubois",
    "chen", "okafor", "larsen", "patel", "novak", "brown", "haddad", "kim", "fischer", "lopez",
];
/// Company name stems and their e-mail domain slugs (a few with characters that need JSON escaping).
pub const COMPANY_STEMS: [(&str, &str); 16] = [
    ("Acme", "acme"), ("Globex", "globex"), ("Initech", "initech"), ("Umbrella", "umbrella"),
    ("Northwind", "northwind"), ("Stark", "stark"), ("Wayne", "wayne"), ("Tyrell", "tyrell"),
    ("Hooli", "hooli"), ("Vandelay", "vandelay"), ("Müller & Söhne", "mueller-soehne"),
    ("Blue \"Sky\" Labs", "bluesky"), ("Contoso", "contoso"), ("Fabrikam", "fabrikam"),
    ("Nordlicht", "nordlicht"), ("Soylent", "soylent"),
];
pub const COMPANY_SUFFIXES: [&str; 6] = ["Inc", "Ltd", "GmbH", "Group", "Systems", "Labs"];
