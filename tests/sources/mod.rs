//! What the sources say about the FEM 2024 question bank, as tables the bank is tested against
//! (`tests/bank_refs.rs`) and documented from (`tests/bank_doc.rs` → `docs/bank.md`).
//!
//! Source keys in the last column:
//! - `002:N` = `/work/shared/seeds/002_b294aba512c7ea10.txt` line N (the scoring methodology);
//! - `003:N` = `/work/shared/seeds/003_5971267fb00f9a66.txt` line N (the "(Ref ID: x)" it names);
//! - `004:N` = `/work/shared/seeds/004_a08d3bc9e26e2502.txt` line N (site table of contents);
//! - `facts:N` = `/work/shared/reference/fem-facts.md` line N (§1 tables; rows whose level is [F]).
#![allow(dead_code)]

/// Whether a Ref ID is scored on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scored {
    /// Scored ("all other questions are scored", seed 002 §4).
    Yes,
    /// Unscored: named unscored by seed 002, or a site/sub-question of an unscored question.
    No,
    /// A sub-question or detail field of a scored question: the parent carries the points, so the
    /// sources do not say whether the field is scored on its own. Not checked.
    Part,
}

use Scored::{No as U, Part as P, Yes as S};

/// `(ref, section, level (0 = none), question number ("" = not given by the source), scored, source)`.
pub type Row = (
    &'static str,
    &'static str,
    u8,
    &'static str,
    Scored,
    &'static str,
);

pub const EXPECTED: &[Row] = &[
    // ---- Site Information & Permits: never scored, no level.
    ("sipvalidoperatinglicense", "site", 0, "", U, "002:111"),
    ("sitecountry", "site", 0, "", U, "004:2"),
    ("sipfacilitytype", "site", 0, "", U, "004:3"),
    ("sipproductcategories", "site", 0, "", U, "004:4"),
    ("sipmaterialtype", "site", 0, "", U, "004:5"),
    ("sipindustrysector", "site", 0, "", U, "004:6"),
    ("sipoperatingdays", "site", 0, "", U, "004:7"),
    ("siptotalnumemployees", "site", 0, "", U, "004:8"),
    ("sipfacilityannualprodvol", "site", 0, "", U, "004:10"),
    ("sipfacilityindustrialzone", "site", 0, "", U, "004:12"),
    ("sipfreshwaterpretreatused", "site", 0, "", U, "004:13"),
    ("sipindustryprograms", "site", 0, "", U, "004:15"),
    ("sipaudit", "site", 0, "", U, "004:17"),
    ("sipapprovedtraining", "site", 0, "", U, "004:18"),
    ("sipincludedindiscolsure", "site", 0, "", U, "004:20"),
    ("sip_has_osh_id", "site", 0, "", U, "004:22"),
    ("sip_is_part_of_group", "site", 0, "", U, "004:24"),
    ("sipauditlength", "site", 0, "", U, "facts:87"),
    ("sipauditnumber", "site", 0, "", U, "facts:87"),
    ("sipdisclosureplatforms", "site", 0, "", U, "facts:88"),
    ("sipindustryprogramsselect", "site", 0, "", U, "facts:89"),
    ("sipapprovedtrainingname", "site", 0, "", U, "facts:90"),
    ("sipapprovedtrainingyear", "site", 0, "", U, "facts:90"),
    ("sipapprovedtrainingtrainer", "site", 0, "", U, "facts:90"),
    ("sipapprovedtrainingref", "site", 0, "", U, "facts:90"),
    ("sipapprovedtrainingcount", "site", 0, "", U, "facts:90"),
    ("sip_osh_id", "site", 0, "", U, "facts:91"),
    // ---- EMS: 17 questions, L1 = Q1-11, L2 = Q12-14, L3 = Q15-17 (facts:101); all scored (002:118).
    ("emsmgmt", "ems", 1, "1", S, "facts:105"),
    ("emsopsimpact", "ems", 1, "", S, "facts:106"),
    ("emsenvpolicy", "ems", 1, "", S, "facts:106"),
    ("emsstrategy", "ems", 1, "", S, "facts:106"),
    ("emsstrategytopics", "ems", 1, "", P, "facts:106"),
    ("emsregulationsystem", "ems", 1, "", S, "facts:106"),
    ("emsregulationsystemtopics", "ems", 1, "", P, "facts:106"),
    ("emspermitstatus", "ems", 1, "", S, "facts:107"),
    ("emstraining", "ems", 1, "", S, "facts:108"),
    ("emstrainingcount", "ems", 1, "", P, "facts:108"),
    ("emstrainingfreq", "ems", 1, "", P, "facts:108"),
    ("emstrainingeval", "ems", 1, "", P, "facts:108"),
    ("emstrainingevalhow", "ems", 1, "", P, "facts:108"),
    ("emsreportretaliation", "ems", 1, "", S, "facts:109"),
    ("emsequipmaintain", "ems", 1, "", S, "facts:109"),
    ("emscontamination", "ems", 1, "", S, "facts:109"),
    ("emscontaminationprevent", "ems", 1, "", P, "facts:109"),
    ("emscontaminationremediation", "ems", 1, "", P, "facts:109"),
    ("emscontaminationdesc", "ems", 1, "", P, "facts:109"),
    (
        "emsdataqualitymanagementsystem",
        "ems",
        1,
        "",
        S,
        "facts:109",
    ),
    (
        "emsdataqualitymanagementsystemmetrics",
        "ems",
        1,
        "",
        P,
        "facts:109",
    ),
    ("emsstrategyreview", "ems", 2, "12", S, "facts:110"),
    ("emsmgmtcompetence", "ems", 2, "13", S, "facts:111"),
    ("emsstrategyawareness", "ems", 2, "14", S, "facts:112"),
    // Scored; N/A (no subcontractors) makes it unscored (002:119).
    ("emshiggindexsubcontract", "ems", 3, "15", S, "002:119"),
    ("emshiggindexupstream", "ems", 3, "16", S, "facts:114"),
    ("emsengagelocal", "ems", 3, "17", S, "facts:115"),
    // ---- Energy & GHG: Q1-Q4 unscored (002:126), the rest scored.
    ("ensourceheader", "energy", 1, "1", U, "002:126"),
    ("envehicleheader", "energy", 1, "2", U, "002:126"),
    ("ensourcepurcheac", "energy", 1, "3", U, "002:126"),
    ("enpurchco", "energy", 1, "4", U, "002:126"),
    // Sub-questions of Q1/Q2 (unscored parents) and of Q9, as named by the how-to guide.
    ("enbiomasssource", "energy", 1, "", U, "003:163"),
    ("enghgefelecpurch", "energy", 1, "", U, "003:167"),
    ("ensteammix", "energy", 1, "", U, "003:173"),
    ("enchilldwateref", "energy", 1, "", U, "003:180"),
    (
        "ensourcedistrictheatingefknown",
        "energy",
        1,
        "",
        U,
        "003:186",
    ),
    ("ensourcepurchrenewefknown", "energy", 1, "", U, "003:194"),
    ("enonsiterenewsellrecs", "energy", 1, "", U, "003:205"),
    ("ensolarcapacity", "energy", 1, "", U, "003:207"),
    ("endieselforgeneratorqty", "energy", 1, "", U, "003:208"),
    ("endieselmix", "energy", 1, "", U, "003:210"),
    ("enbiodieselmix", "energy", 1, "", U, "003:212"),
    // 003:320 prints "envehicleheader" for the vehicle diesel blend sub-question: a copy error of
    // the guide (docs/energy-refs.md); the bank keeps envehicleheader as Q2 (002:126).
    ("enbiodieselvehicle", "energy", 1, "", U, "003:322"),
    ("enpetrolvehicle", "energy", 1, "", U, "003:324"),
    ("enethanolvehicle", "energy", 1, "", U, "003:326"),
    ("entargettable", "energy", 2, "", P, "003:706"),
    // Custom emission factors (fem-facts §2, line 236): sub-questions of Q1.
    ("enghgefelecpurchwquant", "energy", 1, "", U, "facts:236"),
    ("enchilledwaterefquant", "energy", 1, "", U, "facts:236"),
    ("ensourcedistrictheatingef", "energy", 1, "", U, "facts:236"),
    ("ensourcepurchrenewef", "energy", 1, "", U, "facts:236"),
    // ---- Water Use
    ("watsource", "water", 1, "1", U, "002:138"),
    ("watsourcetrackoptrejected", "water", 1, "4", U, "002:138"),
    ("wattrackdomprodsep", "water", 1, "5", U, "002:139"),
    ("watbaselinesepdomprod", "water", 2, "9", U, "002:140"),
    ("watsbt", "water", 3, "26", U, "002:141"),
    ("watsourcetrackopt", "water", 1, "", S, "facts:126"),
    ("watsourcetrackoptall", "water", 1, "", S, "facts:127"),
    ("watgroundlegalreq", "water", 1, "", S, "facts:131"),
    ("watgroundlegalreqlimit", "water", 1, "", P, "facts:131"),
    ("watmonitorleaks", "water", 1, "", S, "facts:132"),
    ("watbaselineset", "water", 2, "8", S, "facts:133"),
    ("watbaselineeall", "water", 2, "", S, "facts:135"),
    ("watbaselineedom", "water", 2, "", S, "facts:135"),
    ("watbaselineeprod", "water", 2, "", S, "facts:135"),
    ("watbalanceanalysis", "water", 2, "", S, "facts:136"),
    ("wattargetoptblue", "water", 2, "", S, "facts:136"),
    ("wattargetoptgrey", "water", 2, "", S, "facts:136"),
    ("watimproverainharvesting", "water", 2, "", S, "facts:136"),
    ("watimproveplan", "water", 2, "", S, "facts:136"),
    ("watimproveopt", "water", 2, "", S, "facts:136"),
    ("watimproveoptgrey", "water", 2, "", S, "facts:136"),
    ("watreduceplan", "water", 2, "", S, "facts:136"),
    ("watgroundelim", "water", 3, "", S, "facts:137"),
    ("watbluereducedemonstrate", "water", 3, "", S, "facts:137"),
    ("watbluereducepct", "water", 3, "", P, "facts:137"),
    ("watbluereduceqty", "water", 3, "", P, "facts:137"),
    ("watriskdisclosure", "water", 3, "", S, "facts:137"),
    (
        "watdemonstratepositiveimpact",
        "water",
        3,
        "",
        S,
        "facts:137",
    ),
    ("watleadingtech", "water", 3, "", S, "facts:137"),
    // ---- Wastewater: 31 questions (facts:141); unscored per 002:159-160. The seed spells
    // wwmonitorBOD5 (facts:148 has wwmonitorbod5); the seed wins.
    ("wwtrackopt", "wastewater", 1, "1", S, "facts:147"),
    ("wwmonitorBOD5", "wastewater", 1, "2", U, "002:159"),
    ("wwstormwatermixing", "wastewater", 1, "3", S, "facts:149"),
    (
        "wwoffsitetreatplantcontract",
        "wastewater",
        1,
        "4",
        S,
        "facts:150",
    ),
    ("wwfunction", "wastewater", 1, "5", S, "facts:151"),
    ("wwemergplan", "wastewater", 1, "6", S, "facts:152"),
    ("wwleaking", "wastewater", 1, "7", S, "facts:153"),
    ("wwsludgesources", "wastewater", 1, "8", U, "002:159"),
    ("wwsludgereporting", "wastewater", 1, "9", U, "002:159"),
    (
        "wwsludgedomesticreporting",
        "wastewater",
        1,
        "10",
        U,
        "002:159",
    ),
    ("wwsludgestorage", "wastewater", 1, "11", S, "facts:157"),
    ("wwhsludgedisposal", "wastewater", 1, "12", S, "facts:158"),
    ("wwsludge", "wastewater", 1, "13", S, "facts:159"),
    ("wwsludgetraining", "wastewater", 1, "14", S, "facts:160"),
    ("wwnhsludgedisposal", "wastewater", 1, "15", S, "facts:161"),
    ("wwsepticwater", "wastewater", 1, "16", S, "facts:162"),
    ("wwtestlegal", "wastewater", 1, "17", U, "002:159"),
    ("wwstandard", "wastewater", 1, "18", U, "002:159"),
    ("wwcompliancetable", "wastewater", 2, "19", S, "facts:165"),
    ("wwcompliancehtml", "wastewater", 2, "20", S, "facts:166"),
    ("wwzdhcguideline", "wastewater", 2, "", S, "facts:167"),
    ("wwzdhcfoundational", "wastewater", 2, "", S, "facts:167"),
    ("wwtestmrsl", "wastewater", 2, "", S, "facts:167"),
    ("wwsludgegenerated", "wastewater", 2, "", S, "facts:167"),
    ("wwsludgeaccount", "wastewater", 2, "", S, "facts:167"),
    ("wwseptictankupgrade", "wastewater", 2, "26", U, "002:160"),
    ("wwqualitytest", "wastewater", 2, "", S, "facts:167"),
    ("wwengage", "wastewater", 3, "28", S, "facts:168"),
    ("wwreuse", "wastewater", 3, "", S, "facts:169"),
    ("wwrecycleindustrial", "wastewater", 3, "", S, "facts:169"),
    ("wwrecycledomestic", "wastewater", 3, "", S, "facts:169"),
    // ---- Air Emissions: 18 questions (facts:171); airmonitor unscored (002:180).
    ("airsourceinvent", "air", 1, "1", S, "facts:177"),
    ("airmobile", "air", 1, "2", S, "facts:178"),
    ("aircompliance", "air", 1, "3", S, "facts:179"),
    ("airrefrigerant", "air", 1, "4", S, "facts:180"),
    ("airleakage", "air", 1, "5", S, "facts:181"),
    ("airrefrigtrack", "air", 1, "6", S, "facts:182"),
    ("airmonitor", "air", 1, "7", U, "002:180"),
    ("airpollutanttrack", "air", 2, "", S, "facts:184"),
    ("airproduction", "air", 2, "", S, "facts:184"),
    ("airreduce", "air", 2, "", S, "facts:184"),
    ("airimplementation", "air", 2, "", S, "facts:184"),
    ("airindustryreq", "air", 2, "", S, "facts:184"),
    ("airreplace", "air", 2, "", S, "facts:184"),
    ("airpolicies", "air", 2, "", S, "facts:184"),
    ("airplan", "air", 3, "15", S, "facts:185"),
    ("airprogress", "air", 3, "16", S, "facts:186"),
    ("airreplacelegal", "air", 3, "17", S, "facts:187"),
    ("airtech", "air", 3, "18", S, "facts:188"),
    // ---- Waste: 30 questions (facts:190); unscored per 002:189-191.
    ("wstsourcenh", "waste", 1, "1", U, "002:189"),
    ("wstsourcenhtrack", "waste", 1, "", S, "facts:195"),
    ("wstsourceeach", "waste", 1, "", S, "facts:196"),
    ("wstsourceh", "waste", 1, "5", U, "002:189"),
    ("wstsourcehtrack", "waste", 1, "", S, "facts:199"),
    ("wstsourcehtrackeach", "waste", 1, "", S, "facts:199"),
    ("wstsegregatestreams", "waste", 1, "", S, "facts:200"),
    ("wsthstorage", "waste", 1, "", S, "facts:200"),
    ("wstnhstorage", "waste", 1, "", S, "facts:200"),
    ("wstpolburn", "waste", 1, "", S, "facts:200"),
    ("wsttraining", "waste", 1, "", S, "facts:200"),
    ("wsthtrain", "waste", 1, "", S, "facts:200"),
    ("wstbaselinenh", "waste", 2, "15", S, "facts:201"),
    ("wstbaselineh", "waste", 2, "16", S, "facts:202"),
    ("wstdisposal", "waste", 2, "17", U, "002:190"),
    ("wstbaselinedisp", "waste", 2, "18", S, "facts:204"),
    ("wsttargetnh", "waste", 2, "", S, "facts:205"),
    ("wsttargeth", "waste", 2, "", S, "facts:205"),
    ("wsttargetdisp", "waste", 2, "", S, "facts:205"),
    ("wstmanage", "waste", 2, "22", S, "facts:206"),
    ("wstredimpplan", "waste", 2, "", S, "facts:207"),
    ("wstredimpnhsource", "waste", 2, "", S, "facts:207"),
    ("wstredimphprodsource", "waste", 2, "", S, "facts:207"),
    ("wstredimpdisp", "waste", 2, "", S, "facts:207"),
    ("wsthazdispvalidate", "waste", 2, "", S, "facts:207"),
    ("wstdispzerowaste", "waste", 3, "", S, "facts:208"),
    ("wstworkoncircular", "waste", 3, "30", U, "002:191"),
    // ---- Chemicals Management: 32 questions (facts:212), all scored (002:202); DASH numbering
    // is not official, so only Q19 (002:203) is checked by number.
    ("chemtrack", "chemicals", 1, "", S, "facts:218"),
    ("chemsds", "chemicals", 1, "", S, "facts:218"),
    ("chemtraining", "chemicals", 1, "", S, "facts:218"),
    ("chememergplan", "chemicals", 1, "", S, "facts:218"),
    ("chemsafetyequip", "chemicals", 1, "", S, "facts:218"),
    ("chemhazardsign", "chemicals", 1, "", S, "facts:218"),
    ("chempurchasereqrsl", "chemicals", 1, "", S, "facts:218"),
    ("chemstorage", "chemicals", 1, "", S, "facts:218"),
    ("chemsubstorage", "chemicals", 1, "", S, "facts:218"),
    ("chemtrainingr", "chemicals", 1, "", S, "facts:218"),
    ("chemfailresolution", "chemicals", 1, "", S, "facts:218"),
    ("chemcmspolicynonprod", "chemicals", 1, "", S, "facts:219"),
    ("chemcmspolicyprod", "chemicals", 1, "", S, "facts:219"),
    ("chemcmstraining", "chemicals", 1, "", S, "facts:219"),
    ("chempurchasingpolicy", "chemicals", 1, "", S, "facts:219"),
    ("chemtrackdata", "chemicals", 1, "", S, "facts:219"),
    ("chempurchasereqmrsl", "chemicals", 2, "", S, "facts:220"),
    // Scored; N/A (no contractors) makes it unscored (002:203).
    ("chememgagecontractors", "chemicals", 2, "19", S, "002:203"),
    ("chemtracelotnumber", "chemicals", 2, "", S, "facts:220"),
    ("chemengagesuppliers", "chemicals", 2, "", S, "facts:220"),
    ("chemcmsteamknow", "chemicals", 2, "", S, "facts:220"),
    ("chemcmsteamdrive", "chemicals", 2, "", S, "facts:220"),
    ("chemcmsteamtest", "chemicals", 2, "", S, "facts:220"),
    ("chemimproveplan", "chemicals", 2, "", S, "facts:220"),
    ("chemsourcelist", "chemicals", 2, "", S, "facts:220"),
    ("chemhealthprogram", "chemicals", 2, "", S, "facts:220"),
    ("chemtrainingm", "chemicals", 2, "", S, "facts:220"),
    ("chemzdhcroadtozero", "chemicals", 3, "", S, "facts:221"),
    ("chemtransparency", "chemicals", 3, "", S, "facts:221"),
    ("chemcollabalternatives", "chemicals", 3, "", S, "facts:221"),
    ("chemanalysishumanenv", "chemicals", 3, "", S, "facts:221"),
    ("chemcontractorsr", "chemicals", 3, "", S, "facts:221"),
    ("chemcontractorsm", "chemicals", 3, "", S, "facts:221"),
];

/// Ref IDs the sources name for a field that the bank holds as a table column:
/// `(ref, table question, section, source)`.
pub const COLUMNS: &[(&str, &str, &str, &str)] = &[
    // Zero-score gates (002:112-113): the permit status and the invalidity reason, per permit.
    ("sippermitstatus", "sippermits", "site", "002:112"),
    ("sippermitinvalidreason", "sippermits", "site", "002:113"),
];

/// The optional level-progression question of each scored section (facts:60; 002:29-33).
pub const PROGRESSION: &[(&str, &str)] = &[
    ("emslevel2opt", "ems"),
    ("energylevel2opt", "energy"),
    ("watlevel2opt", "water"),
    ("wwlevel2opt", "wastewater"),
    ("airlevel2opt", "air"),
    ("wastelevel2opt", "waste"),
    ("chemlevel2opt", "chemicals"),
];

/// Ref IDs a source names that the bank does not carry under that name, and why. Each stays
/// absent from the bank (the test says so), so this list and `docs/bank.md` stay true.
pub const NOT_MODELLED: &[(&str, &str, &str)] = &[
    (
        "watsourcetrackoptmethod",
        "facts:128",
        "the tracking method is the `method` column of each water tracking table",
    ),
    (
        "airreduceprocess",
        "facts:184",
        "detail field of airreduce in Worldly's export; not asked",
    ),
    (
        "airreducepollutant",
        "facts:184",
        "detail field of airreduce in Worldly's export; not asked",
    ),
    (
        "airimplementationdevices",
        "facts:184",
        "detail field of airimplementation in Worldly's export; not asked",
    ),
    (
        "wwmonitorbod5",
        "facts:148",
        "spelled wwmonitorBOD5 as in the scoring methodology (002:159)",
    ),
];

/// Main FEM questions per section: `(section, count, first Level 2 number, first Level 3
/// number, source)`. Questions are numbered 1..=count; sub-questions carry a letter ("1a").
pub const SHAPE: &[(&str, u32, u32, u32, &str)] = &[
    ("ems", 17, 12, 15, "facts:101"),
    // Level headings at 003:134, 003:582, 003:1051; one "intent" block per question.
    ("energy", 19, 7, 16, "003:134"),
    // Q8 L2 (facts:133), Q9 L2 and Q26 L3 (002:140-141); the L3 start (Q21) is the bank's.
    ("water", 26, 8, 21, "facts:133"),
    ("wastewater", 31, 19, 28, "facts:145"),
    ("air", 18, 8, 15, "facts:175"),
    ("waste", 30, 15, 28, "facts:192"),
    // Q12 has two variants (production / non-production CMS policy), one per pathway.
    ("chemicals", 32, 16, 27, "facts:216"),
];

/// Numbered FEM questions that seed 002 §4 counts as scored ("all other questions are scored")
/// but the bank leaves unscored, and why: `(ref, section, number, why)`. A known deviation,
/// listed so that `tests/bank_refs.rs` fails on any other and `docs/bank.md` shows these.
pub const UNSCORED_IN_BANK_ONLY: &[(&str, &str, &str, &str)] = &[
    // Empty: Waste Q4/Q8 (quantity tables) are scored as seed 002 says; the bank's rule (full
    // when every stream has a quantity, half when some do) is reconstructed.
];
