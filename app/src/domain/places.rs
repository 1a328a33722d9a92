//! The municipalities of both regions and the towns and villages in them, as reference
//! data: the filters offer them, and a town is an origin for distances.

use super::{Region, code_enum};

code_enum! {
    /// A municipality of the Kempen or the IJmond; the migrations load the same codes.
    Municipality {
        Bergeijk => "bergeijk",
        Bladel => "bladel",
        Eersel => "eersel",
        Oirschot => "oirschot",
        ReuselDeMierden => "reusel-de-mierden",
        Velsen => "velsen",
        Beverwijk => "beverwijk",
        Heemskerk => "heemskerk",
    }
}

impl Municipality {
    /// The proper name; the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Municipality::Bergeijk => "Bergeijk",
            Municipality::Bladel => "Bladel",
            Municipality::Eersel => "Eersel",
            Municipality::Oirschot => "Oirschot",
            Municipality::ReuselDeMierden => "Reusel-De Mierden",
            Municipality::Velsen => "Velsen",
            Municipality::Beverwijk => "Beverwijk",
            Municipality::Heemskerk => "Heemskerk",
        }
    }

    pub fn region(self) -> Region {
        match self {
            Municipality::Velsen | Municipality::Beverwijk | Municipality::Heemskerk => Region::Ijmond,
            _ => Region::Kempen,
        }
    }
}

/// A town or village people can measure distances from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Town {
    /// Stable code for URLs, such as `hooge-mierde`.
    pub code: &'static str,
    pub name: &'static str,
    pub municipality: Municipality,
    /// The centre of the town, in degrees.
    pub latitude: f64,
    pub longitude: f64,
}

const fn town(
    code: &'static str,
    name: &'static str,
    municipality: Municipality,
    latitude: f64,
    longitude: f64,
) -> Town {
    Town {
        code,
        name,
        municipality,
        latitude,
        longitude,
    }
}

use Municipality::*;

/// Every town and village of both regions, by municipality, then by name.
#[rustfmt::skip]
pub const TOWNS: &[Town] = &[
    town("bergeijk", "Bergeijk", Bergeijk, 51.3197, 5.3586),
    town("luyksgestel", "Luyksgestel", Bergeijk, 51.2874, 5.3262),
    town("riethoven", "Riethoven", Bergeijk, 51.3541, 5.3848),
    town("westerhoven", "Westerhoven", Bergeijk, 51.3342, 5.4072),
    town("bladel", "Bladel", Bladel, 51.3686, 5.2203),
    town("casteren", "Casteren", Bladel, 51.3809, 5.2392),
    town("hapert", "Hapert", Bladel, 51.3655, 5.2602),
    town("hoogeloon", "Hoogeloon", Bladel, 51.3925, 5.2441),
    town("netersel", "Netersel", Bladel, 51.4068, 5.1752),
    town("duizel", "Duizel", Eersel, 51.3685, 5.2989),
    town("eersel", "Eersel", Eersel, 51.3575, 5.3178),
    town("knegsel", "Knegsel", Eersel, 51.4048, 5.3369),
    town("steensel", "Steensel", Eersel, 51.3781, 5.3497),
    town("vessem", "Vessem", Eersel, 51.4169, 5.2829),
    town("wintelre", "Wintelre", Eersel, 51.4452, 5.3347),
    town("middelbeers", "Middelbeers", Oirschot, 51.4645, 5.2531),
    town("oirschot", "Oirschot", Oirschot, 51.5050, 5.3128),
    town("oostelbeers", "Oostelbeers", Oirschot, 51.4717, 5.2676),
    town("spoordonk", "Spoordonk", Oirschot, 51.5233, 5.2803),
    town("hooge-mierde", "Hooge Mierde", ReuselDeMierden, 51.3869, 5.1317),
    town("hulsel", "Hulsel", ReuselDeMierden, 51.3936, 5.1736),
    town("lage-mierde", "Lage Mierde", ReuselDeMierden, 51.4053, 5.1481),
    town("reusel", "Reusel", ReuselDeMierden, 51.3622, 5.1650),
    town("driehuis", "Driehuis", Velsen, 52.4470, 4.6360),
    town("ijmuiden", "IJmuiden", Velsen, 52.4580, 4.6200),
    town("santpoort-noord", "Santpoort-Noord", Velsen, 52.4370, 4.6350),
    town("santpoort-zuid", "Santpoort-Zuid", Velsen, 52.4220, 4.6300),
    town("velsen-noord", "Velsen-Noord", Velsen, 52.4690, 4.6340),
    town("velsen-zuid", "Velsen-Zuid", Velsen, 52.4633, 4.6497),
    town("velserbroek", "Velserbroek", Velsen, 52.4420, 4.6550),
    town("beverwijk", "Beverwijk", Beverwijk, 52.4870, 4.6570),
    town("wijk-aan-zee", "Wijk aan Zee", Beverwijk, 52.4930, 4.5950),
    town("heemskerk", "Heemskerk", Heemskerk, 52.5110, 4.6720),
];

/// The town with this code.
pub fn town_by_code(code: &str) -> Option<&'static Town> {
    TOWNS.iter().find(|town| town.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::{LatLon, region_bounds};

    #[test]
    fn every_town_lies_in_its_municipalitys_region_and_codes_are_unique() {
        for town in TOWNS {
            let at = LatLon::new(town.latitude, town.longitude);
            assert!(region_bounds(town.municipality.region()).contains(at), "{}", town.name);
            assert_eq!(
                town_by_code(town.code),
                Some(town),
                "{} is found by its code",
                town.name
            );
        }
        for municipality in Municipality::ALL {
            assert!(
                TOWNS.iter().any(|town| town.municipality == *municipality),
                "{} has towns",
                municipality.name()
            );
        }
        assert_eq!(town_by_code("amsterdam"), None);
    }
}
