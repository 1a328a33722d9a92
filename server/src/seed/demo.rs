//! The demo data: 40 invented companies in real towns of the Kempen and the IJmond.
//!
//! Names, streets, websites and e-mail addresses are made up (websites and e-mail use the
//! reserved `.example` domain); towns, postcode areas and coordinates are real, so the
//! companies land where they claim to be. Placements come from `templates` so that every
//! kind, level and field appears, and a few are filled or closed.

use app::domain::{Field, NewCompany, NewPlacement, PlacementStatus, SizeBand, Slug};

use super::templates;

struct Demo {
    name: &'static str,
    town: &'static str,
    municipality: &'static str,
    latitude: f64,
    longitude: f64,
    street: &'static str,
    postcode: &'static str,
    fields: &'static [Field],
    size: SizeBand,
    sbb: bool,
    specialty_nl: &'static str,
    specialty_en: &'static str,
}

use Field::*;
use SizeBand::*;

#[rustfmt::skip]
const DEMO: &[Demo] = &[
    Demo { name: "Vonkenberg Metaalbewerking", town: "Bladel", municipality: "bladel", latitude: 51.3712, longitude: 5.2261, street: "Industrieweg 14", postcode: "5531 AD", fields: &[Welding, SheetMetal], size: Small, sbb: true, specialty_nl: "las- en plaatwerk voor de landbouwmachinebouw", specialty_en: "welding and sheet metal for agricultural machinery" },
    Demo { name: "Draaikolk CNC-Techniek", town: "Hapert", municipality: "bladel", latitude: 51.3655, longitude: 5.2602, street: "De Hoogjens 7", postcode: "5527 AH", fields: &[Machining], size: Small, sbb: true, specialty_nl: "precisiedraai- en freeswerk in kleine series", specialty_en: "precision turning and milling in small batches" },
    Demo { name: "Plaatsma Kantwerk", town: "Reusel", municipality: "reusel-de-mierden", latitude: 51.3641, longitude: 5.1702, street: "Schoolstraat 52", postcode: "5541 HE", fields: &[SheetMetal, Welding], size: Micro, sbb: false, specialty_nl: "kanten, buigen en lassen van roestvast staal", specialty_en: "bending, folding and welding stainless steel" },
    Demo { name: "Mierdense Montagegroep", town: "Hooge Mierde", municipality: "reusel-de-mierden", latitude: 51.3869, longitude: 5.1317, street: "Kerkstraat 3", postcode: "5095 AA", fields: &[Mechatronics, Maintenance], size: Small, sbb: true, specialty_nl: "montage en onderhoud van voedingsmachines", specialty_en: "assembly and maintenance of food-processing machines" },
    Demo { name: "Lasatelier De Gloed", town: "Eersel", municipality: "eersel", latitude: 51.3551, longitude: 5.3121, street: "Ambachtsweg 9", postcode: "5521 DJ", fields: &[Welding, SteelConstruction], size: Micro, sbb: true, specialty_nl: "maatwerk in staal, van hekwerk tot trappen", specialty_en: "custom steelwork, from railings to staircases" },
    Demo { name: "Steensel Fijnmechanica", town: "Steensel", municipality: "eersel", latitude: 51.3781, longitude: 5.3497, street: "Nijverheidsweg 21", postcode: "5524 BV", fields: &[Machining, Mechatronics], size: Small, sbb: true, specialty_nl: "fijnmechanische onderdelen voor de halfgeleiderindustrie", specialty_en: "fine-mechanical parts for the semiconductor industry" },
    Demo { name: "Dommelstroom Elektrotechniek", town: "Bergeijk", municipality: "bergeijk", latitude: 51.3224, longitude: 5.3551, street: "Hof 40", postcode: "5571 CE", fields: &[Electrical, Automation], size: Small, sbb: true, specialty_nl: "elektrische installaties en besturingskasten", specialty_en: "electrical installations and control cabinets" },
    Demo { name: "Westerhoven Installatiewerken", town: "Westerhoven", municipality: "bergeijk", latitude: 51.3342, longitude: 5.4072, street: "Molenstraat 18", postcode: "5563 BA", fields: &[Installation, Electrical], size: Small, sbb: false, specialty_nl: "warmtepompen en duurzame installaties", specialty_en: "heat pumps and sustainable building services" },
    Demo { name: "Beerzer Staalbouw", town: "Middelbeers", municipality: "oirschot", latitude: 51.4645, longitude: 5.2531, street: "Hoogeindsestraat 30", postcode: "5091 EA", fields: &[SteelConstruction, Welding], size: Medium, sbb: true, specialty_nl: "staalconstructies voor hallen en bruggen", specialty_en: "steel structures for industrial halls and bridges" },
    Demo { name: "Oirschotse Onderhoudsdienst", town: "Oirschot", municipality: "oirschot", latitude: 51.5072, longitude: 5.3191, street: "De Stad 11", postcode: "5688 NX", fields: &[Maintenance, Mechatronics], size: Small, sbb: true, specialty_nl: "preventief onderhoud van productielijnen", specialty_en: "preventive maintenance of production lines" },
    Demo { name: "Kempenland Procesautomatisering", town: "Oirschot", municipality: "oirschot", latitude: 51.5011, longitude: 5.3072, street: "Spoordonkseweg 6", postcode: "5688 KA", fields: &[Automation, Electrical], size: Small, sbb: false, specialty_nl: "PLC-besturingen en software voor machines", specialty_en: "PLC control systems and machine software" },
    Demo { name: "Hoogeloon Hydrauliek", town: "Hoogeloon", municipality: "bladel", latitude: 51.3925, longitude: 5.2441, street: "Hoofdstraat 61", postcode: "5528 NE", fields: &[Mechatronics, Maintenance], size: Micro, sbb: true, specialty_nl: "hydraulische systemen voor grondverzet", specialty_en: "hydraulic systems for earth-moving equipment" },
    Demo { name: "Luyksgestel Laser en Buig", town: "Luyksgestel", municipality: "bergeijk", latitude: 51.2874, longitude: 5.3262, street: "Kerkstraat 25", postcode: "5575 AD", fields: &[SheetMetal], size: Small, sbb: true, specialty_nl: "lasersnijden en zetten van plaatdelen", specialty_en: "laser cutting and folding of sheet parts" },
    Demo { name: "Riethoven Robotica", town: "Riethoven", municipality: "bergeijk", latitude: 51.3541, longitude: 5.3848, street: "Heuvel 4", postcode: "5561 AG", fields: &[Automation, Mechatronics], size: Micro, sbb: false, specialty_nl: "robotcellen voor kleine maakbedrijven", specialty_en: "robot cells for small manufacturers" },
    Demo { name: "Vessem Verspaning", town: "Vessem", municipality: "eersel", latitude: 51.4169, longitude: 5.2829, street: "Servaasstraat 12", postcode: "5512 AV", fields: &[Machining], size: Small, sbb: true, specialty_nl: "vijfassig frezen van aluminium en titanium", specialty_en: "five-axis milling of aluminium and titanium" },
    Demo { name: "Wintelre Koeltechniek", town: "Wintelre", municipality: "eersel", latitude: 51.4452, longitude: 5.3347, street: "Broekstraat 8", postcode: "5513 AJ", fields: &[Installation], size: Micro, sbb: true, specialty_nl: "koel- en vriesinstallaties voor bedrijven", specialty_en: "refrigeration systems for businesses" },
    Demo { name: "Casteren Constructie", town: "Casteren", municipality: "bladel", latitude: 51.3809, longitude: 5.2392, street: "Kerkstraat 2", postcode: "5529 AB", fields: &[SteelConstruction], size: Micro, sbb: false, specialty_nl: "stalen overkappingen en bordessen", specialty_en: "steel canopies and platforms" },
    Demo { name: "Netersel Machinebouw", town: "Netersel", municipality: "bladel", latitude: 51.4068, longitude: 5.1752, street: "Dorpsstraat 15", postcode: "5534 AK", fields: &[Mechatronics, Machining], size: Small, sbb: true, specialty_nl: "speciaalmachines voor de verpakkingsindustrie", specialty_en: "special-purpose machines for the packaging industry" },
    Demo { name: "Knegsel Klimaattechniek", town: "Knegsel", municipality: "eersel", latitude: 51.4048, longitude: 5.3369, street: "Kerkakkers 5", postcode: "5512 NP", fields: &[Installation, Electrical], size: Small, sbb: true, specialty_nl: "ventilatie en klimaatbeheersing in kassen en stallen", specialty_en: "ventilation and climate control for greenhouses and barns" },
    Demo { name: "Duizel Precisiedraaiwerk", town: "Duizel", municipality: "eersel", latitude: 51.3685, longitude: 5.2989, street: "Duizelseweg 20", postcode: "5525 AA", fields: &[Machining], size: Micro, sbb: true, specialty_nl: "draaiwerk op langdraaiautomaten", specialty_en: "turning on Swiss-type lathes" },
    Demo { name: "Lage Mierde Landbouwtechniek", town: "Lage Mierde", municipality: "reusel-de-mierden", latitude: 51.4053, longitude: 5.1481, street: "Kapelstraat 9", postcode: "5094 AC", fields: &[Maintenance, Welding], size: Small, sbb: true, specialty_nl: "reparatie en ombouw van landbouwmachines", specialty_en: "repair and conversion of agricultural machinery" },
    Demo { name: "Spoordonk Schakeltechniek", town: "Spoordonk", municipality: "oirschot", latitude: 51.5233, longitude: 5.2803, street: "Spoordonkseweg 47", postcode: "5688 MK", fields: &[Electrical], size: Micro, sbb: false, specialty_nl: "schakelkasten en laadpalen", specialty_en: "switchgear and charging stations" },
    Demo { name: "Oostelbeers Onderhoud en Service", town: "Oostelbeers", municipality: "oirschot", latitude: 51.4717, longitude: 5.2676, street: "Kerkstraat 33", postcode: "5091 BC", fields: &[Maintenance], size: Small, sbb: true, specialty_nl: "service aan heftrucks en hoogwerkers", specialty_en: "servicing forklifts and aerial platforms" },
    Demo { name: "Kempenaar Buigtechniek", town: "Bladel", municipality: "bladel", latitude: 51.3659, longitude: 5.2148, street: "Rond Deel 10", postcode: "5531 AH", fields: &[SheetMetal, Machining], size: Medium, sbb: true, specialty_nl: "buizen buigen en verspanen voor de automotive", specialty_en: "tube bending and machining for the automotive industry" },
    Demo { name: "Havenkade Staalservice", town: "IJmuiden", municipality: "velsen", latitude: 52.4612, longitude: 4.6104, street: "Havenkade 27", postcode: "1973 AK", fields: &[SteelConstruction, Welding], size: Medium, sbb: true, specialty_nl: "staalconstructies en reparaties voor de haven", specialty_en: "steel structures and repairs for the port" },
    Demo { name: "Zeewind Onderhoudstechniek", town: "IJmuiden", municipality: "velsen", latitude: 52.4553, longitude: 4.6251, street: "Trawlerkade 80", postcode: "1976 CC", fields: &[Maintenance, Mechatronics], size: Small, sbb: true, specialty_nl: "onderhoud aan windturbines op zee en aan land", specialty_en: "maintenance of offshore and onshore wind turbines" },
    Demo { name: "Pierhoofd Elektro", town: "IJmuiden", municipality: "velsen", latitude: 52.4587, longitude: 4.6178, street: "Kennemerlaan 102", postcode: "1972 EN", fields: &[Electrical], size: Micro, sbb: true, specialty_nl: "elektrotechniek voor schepen en kades", specialty_en: "electrical engineering for ships and quays" },
    Demo { name: "Noordzeekanaal Procestechniek", town: "Velsen-Noord", municipality: "velsen", latitude: 52.4702, longitude: 4.6371, street: "Wijkermeerweg 12", postcode: "1951 AN", fields: &[ProcessTechnology, Maintenance], size: Large, sbb: true, specialty_nl: "bediening en onderhoud van procesinstallaties", specialty_en: "operating and maintaining process plants" },
    Demo { name: "Kanaalzijde Lastechniek", town: "Velsen-Noord", municipality: "velsen", latitude: 52.4678, longitude: 4.6302, street: "Grote Hout 5", postcode: "1951 EA", fields: &[Welding], size: Small, sbb: true, specialty_nl: "lassen van leidingwerk onder hoge druk", specialty_en: "welding high-pressure pipework" },
    Demo { name: "Velserbroek Installatiegroep", town: "Velserbroek", municipality: "velsen", latitude: 52.4442, longitude: 4.6702, street: "Zadelmakerstraat 4", postcode: "1991 JE", fields: &[Installation], size: Small, sbb: false, specialty_nl: "installaties voor woningbouw en utiliteit", specialty_en: "building services for housing and offices" },
    Demo { name: "Santpoort Meet- en Regeltechniek", town: "Santpoort-Noord", municipality: "velsen", latitude: 52.4339, longitude: 4.6428, street: "Hoofdstraat 160", postcode: "2071 ED", fields: &[Automation, ProcessTechnology], size: Micro, sbb: true, specialty_nl: "meet- en regelsystemen voor de procesindustrie", specialty_en: "instrumentation and control for the process industry" },
    Demo { name: "Driehuis Fijnmetaal", town: "Driehuis", municipality: "velsen", latitude: 52.4476, longitude: 4.6356, street: "Driehuizerkerkweg 30", postcode: "1985 EL", fields: &[Machining], size: Micro, sbb: false, specialty_nl: "kleine series draai- en freesdelen", specialty_en: "small batches of turned and milled parts" },
    Demo { name: "Beverwijkse Pijpleidingbouw", town: "Beverwijk", municipality: "beverwijk", latitude: 52.4851, longitude: 4.6498, street: "Parallelweg 70", postcode: "1948 NN", fields: &[Welding, Installation], size: Medium, sbb: true, specialty_nl: "aanleg en reparatie van industriële leidingen", specialty_en: "building and repairing industrial pipelines" },
    Demo { name: "Wijkermeer Machinebouw", town: "Beverwijk", municipality: "beverwijk", latitude: 52.4822, longitude: 4.6611, street: "Kanaalweg 23", postcode: "1948 PA", fields: &[Mechatronics, Machining], size: Small, sbb: true, specialty_nl: "machines voor de staal- en metaalverwerking", specialty_en: "machines for steel and metal processing" },
    Demo { name: "Duinrand Elektrotechniek", town: "Wijk aan Zee", municipality: "beverwijk", latitude: 52.4929, longitude: 4.5988, street: "Dorpsplein 6", postcode: "1949 AD", fields: &[Electrical, Automation], size: Micro, sbb: false, specialty_nl: "zonnepanelen en slimme meterkasten", specialty_en: "solar panels and smart meter cupboards" },
    Demo { name: "Heemskerkse Hydrauliek", town: "Heemskerk", municipality: "heemskerk", latitude: 52.5097, longitude: 4.6806, street: "Rijksweg 120", postcode: "1964 LA", fields: &[Mechatronics, Maintenance], size: Small, sbb: true, specialty_nl: "hydraulische cilinders en revisie", specialty_en: "hydraulic cylinders and overhauls" },
    Demo { name: "Kennemer Zonne-installaties", town: "Heemskerk", municipality: "heemskerk", latitude: 52.5131, longitude: 4.6668, street: "Maerelaan 15", postcode: "1962 KC", fields: &[Installation, Electrical], size: Small, sbb: true, specialty_nl: "zonnestroom en thuisbatterijen", specialty_en: "solar power and home batteries" },
    Demo { name: "Broekpolder Plaatwerk", town: "Heemskerk", municipality: "heemskerk", latitude: 52.5152, longitude: 4.6753, street: "Lijndenweg 2", postcode: "1969 KE", fields: &[SheetMetal], size: Small, sbb: false, specialty_nl: "plaatwerk en poedercoaten", specialty_en: "sheet metal work and powder coating" },
    Demo { name: "Staalkust Onderhoud", town: "IJmuiden", municipality: "velsen", latitude: 52.4631, longitude: 4.6159, street: "Dokweg 33", postcode: "1976 CA", fields: &[Maintenance, ProcessTechnology], size: Medium, sbb: true, specialty_nl: "stilstandsonderhoud in de zware industrie", specialty_en: "shutdown maintenance in heavy industry" },
    Demo { name: "Scheepstechniek Velsen-Zuid", town: "Velsen-Zuid", municipality: "velsen", latitude: 52.4569, longitude: 4.6466, street: "Oude Pontweg 3", postcode: "1981 LZ", fields: &[Mechatronics, Welding], size: Small, sbb: true, specialty_nl: "aandrijvingen en ombouw van binnenvaartschepen", specialty_en: "propulsion and refits for inland vessels" },
];

/// The demo companies with their placements; `today` dates the "last confirmed" days.
pub fn companies(today: app::domain::Day) -> Vec<(NewCompany, Vec<NewPlacement>)> {
    let mut variant = 0;
    DEMO.iter()
        .enumerate()
        .map(|(index, demo)| {
            let placements = (0..2 + index % 2)
                .map(|n| {
                    let field = demo.fields[n % demo.fields.len()];
                    let options = templates::for_field(field);
                    let template = &options[(index + n) % options.len()];
                    variant += 1;
                    let status = match variant {
                        v if v % 9 == 0 => PlacementStatus::Filled,
                        v if v % 13 == 0 => PlacementStatus::Closed,
                        _ => PlacementStatus::Open,
                    };
                    templates::placement(template, field, variant, today, status)
                })
                .collect();
            (company(demo), placements)
        })
        .collect()
}

fn company(demo: &Demo) -> NewCompany {
    let slug = Slug::from_name(demo.name).expect("demo names make valid slugs");
    let size_nl = match demo.size {
        Micro => "klein",
        Small => "middelgroot",
        Medium | Large => "groot",
    };
    let size_en = match demo.size {
        Micro => "small",
        Small => "medium-sized",
        Medium | Large => "large",
    };
    NewCompany {
        name: demo.name.to_owned(),
        description_nl: format!(
            "{} is een {size_nl} technisch bedrijf in {} dat zich richt op {}. We leiden graag zelf nieuwe vakmensen op.",
            demo.name, demo.town, demo.specialty_nl
        ),
        description_en: format!(
            "{} is a {size_en} engineering company in {} specialising in {}. We like to train new craftspeople ourselves.",
            demo.name, demo.town, demo.specialty_en
        ),
        fields: demo.fields.to_vec(),
        street_address: demo.street.to_owned(),
        postcode: demo.postcode.to_owned(),
        town: demo.town.to_owned(),
        municipality: demo.municipality.to_owned(),
        latitude: demo.latitude,
        longitude: demo.longitude,
        website: Some(format!("https://{}.example", slug.as_str())),
        contact_name: Some("Afdeling opleidingen".to_owned()),
        contact_email: Some(format!("leren@{}.example", slug.as_str())),
        contact_phone: None,
        size_band: demo.size,
        sbb_accredited: demo.sbb,
        published: true,
        slug,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use app::domain::{Level, PlacementKind};

    use super::*;

    #[test]
    fn demo_data_is_valid_and_covers_every_kind_level_and_field() {
        let data = companies(app::domain::Day::parse("2026-11-21").expect("a day"));
        assert_eq!(data.len(), 40);
        let placements: Vec<&NewPlacement> = data.iter().flat_map(|(_, p)| p).collect();
        assert!(
            (90..=110).contains(&placements.len()),
            "{} placements",
            placements.len()
        );
        for (company, placements) in &data {
            assert_eq!(company.validate(), Ok(()), "{}", company.name);
            for placement in placements {
                assert_eq!(placement.validate(), Ok(()), "{}", placement.title);
            }
        }
        let kinds: HashSet<PlacementKind> = placements.iter().map(|p| p.kind).collect();
        let levels: HashSet<Level> = placements.iter().map(|p| p.level).collect();
        let fields: HashSet<Field> = placements.iter().map(|p| p.field).collect();
        assert_eq!(kinds.len(), PlacementKind::ALL.len());
        assert_eq!(levels.len(), Level::ALL.len());
        assert_eq!(fields.len(), Field::ALL.len());
        assert!(placements.iter().any(|p| p.status == PlacementStatus::Filled));
        assert!(placements.iter().any(|p| p.status == PlacementStatus::Closed));
        let slugs: HashSet<&str> = data.iter().map(|(c, _)| c.slug.as_str()).collect();
        assert_eq!(slugs.len(), data.len(), "slugs must be unique");
    }
}
