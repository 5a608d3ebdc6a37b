//! Style colours: the `[colours]` table of a style file (`kicker`, `rules`), each a screen RGB
//! and a print CMYK (given, or derived from the RGB through the print output profile when the
//! issue is read), and the CSS that carries them into the EPUB and the HTML edition. A colour
//! left out keeps heft's gray of the black ink, so the built-in styles print K alone.

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;

use crate::pdf::frame::{Ink, Swatch};

/// How every colour error begins, so that the diagnostic can add the colour hint
/// (`input::manifest::toml_diagnostic`).
pub(crate) const NOT_A_COLOUR: &str = "not a colour";

/// The hint under every colour error.
pub(crate) const COLOUR_HINT: &str =
    "write \"#rrggbb\" (e.g. \"#b00020\"), or { screen = \"#b00020\", print = [0, 100, 80, 10] } with CMYK in percent";

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub [u8; 3]);

/// A process colour: cyan, magenta, yellow and black as fractions of full ink (0.0–1.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk(pub [f32; 4]);

/// One style colour: what the screen shows and what the press prints (`None` until the issue's
/// output profile derives it, unless the style gives it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    pub screen: Rgb,
    pub print: Option<Cmyk>,
}

/// What a style colour is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The kicker over an article's title.
    Kicker,
    /// The display rules: under an article's head, the thematic break, the rule of the title
    /// page and of the contents. Table rules, the footnote rule, quote bars and box outlines
    /// stay in the black ink.
    Rules,
}

/// `[colours]`: a colour by role; a role left out is painted as before, in the black ink.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Colours {
    pub kicker: Option<Colour>,
    pub rules: Option<Colour>,
}

impl Colours {
    /// The colours given, in role order.
    pub fn given(&self) -> impl Iterator<Item = (Role, &Colour)> {
        [(Role::Kicker, &self.kicker), (Role::Rules, &self.rules)]
            .into_iter()
            .filter_map(|(role, colour)| colour.as_ref().map(|c| (role, c)))
    }

    pub fn get(&self, role: Role) -> Option<&Colour> {
        match role {
            Role::Kicker => self.kicker.as_ref(),
            Role::Rules => self.rules.as_ref(),
        }
    }

    /// The ink layout paints `role` in: its swatch (an index into [`Colours::swatches`]), or
    /// `gray` of the black ink when the style gives no colour for it.
    pub fn ink(&self, role: Role, gray: f64) -> Ink {
        match self.given().position(|(given, _)| given == role) {
            Some(index) => Ink::Swatch(index as u8),
            None => Ink::Gray(gray),
        }
    }

    /// The colours given as the frame document's swatches, in the order `ink` numbers them.
    pub fn swatches(&self) -> Vec<Swatch> {
        self.given().map(|(_, colour)| Swatch { rgb: colour.screen.0, cmyk: colour.print.map(|cmyk| cmyk.0) }).collect()
    }

    /// Gives every colour without a print value the CMYK the output `profile` (an ICC output
    /// profile with CMYK data) prints it with.
    pub fn derive_print(&mut self, profile: &[u8]) -> Result<(), String> {
        let mut missing: Vec<&mut Colour> =
            [&mut self.kicker, &mut self.rules].into_iter().flatten().filter(|c| c.print.is_none()).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let screens: Vec<Rgb> = missing.iter().map(|c| c.screen).collect();
        for (colour, cmyk) in missing.iter_mut().zip(derive_all(&screens, profile)?) {
            colour.print = Some(cmyk);
        }
        Ok(())
    }

    /// The rules appended to the EPUB's stylesheet: the colours as given, darkened where the
    /// reader's white page would leave them too faint, lightened in a dark theme.
    pub fn epub_css(&self) -> String {
        self.css(&[Rgb::WHITE], &[Rgb::BLACK], "hr")
    }

    /// The rules appended to the HTML edition's stylesheet, for its light and dark papers and
    /// boxes (`styles/web.css`; a kicker also stands in the related box) and white (its print
    /// media).
    pub fn web_css(&self) -> String {
        self.css(&[WEB_PAPER_LIGHT, WEB_BOX_LIGHT, Rgb::WHITE], &[WEB_PAPER_DARK, WEB_BOX_DARK], "hr, .toc-section h3")
    }

    /// `.kicker` and the rules of `rule_selectors` in the colours, each readable on every paper
    /// of `light` (WCAG AA: 4.5 : 1 for text, 3 : 1 for rules) and, under
    /// `prefers-color-scheme: dark`, on `dark`.
    fn css(&self, light: &[Rgb], dark: &[Rgb], rule_selectors: &str) -> String {
        if self.kicker.is_none() && self.rules.is_none() {
            return String::new();
        }
        let mut light_rules = String::new();
        let mut dark_rules = String::new();
        if let Some(kicker) = self.kicker {
            let light_colour = readable(kicker.screen, light, TEXT_CONTRAST, Rgb::BLACK);
            let dark_colour = readable(kicker.screen, dark, TEXT_CONTRAST, Rgb::WHITE);
            light_rules.push_str(&format!(".kicker {{ color: {}; }}\n", light_colour.hex()));
            dark_rules.push_str(&format!("  .kicker {{ color: {}; }}\n", dark_colour.hex()));
        }
        if let Some(rules) = self.rules {
            let light_colour = readable(rules.screen, light, RULE_CONTRAST, Rgb::BLACK);
            let dark_colour = readable(rules.screen, dark, RULE_CONTRAST, Rgb::WHITE);
            light_rules.push_str(&format!("{rule_selectors} {{ border-color: {}; }}\n", light_colour.hex()));
            dark_rules.push_str(&format!("  {rule_selectors} {{ border-color: {}; }}\n", dark_colour.hex()));
        }
        format!(
            "\n/* The style's [colours]; in a dark theme lightened until they read on the dark page. */\n\
             {light_rules}@media (prefers-color-scheme: dark) {{\n{dark_rules}}}\n"
        )
    }
}

/// WCAG AA contrast for small text and for graphics.
const TEXT_CONTRAST: f64 = 4.5;
const RULE_CONTRAST: f64 = 3.0;

/// The papers and boxes of `styles/web.css` (`--paper` and `--box` in light and dark mode).
const WEB_PAPER_LIGHT: Rgb = Rgb([0xfd, 0xfc, 0xf8]);
const WEB_BOX_LIGHT: Rgb = Rgb([0xf3, 0xef, 0xe6]);
const WEB_PAPER_DARK: Rgb = Rgb([0x16, 0x17, 0x1a]);
const WEB_BOX_DARK: Rgb = Rgb([0x20, 0x21, 0x26]);

impl Rgb {
    pub const BLACK: Rgb = Rgb([0, 0, 0]);
    pub const WHITE: Rgb = Rgb([255, 255, 255]);

    /// `#rrggbb` (either case) → the colour.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb([channel(0)?, channel(2)?, channel(4)?]))
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Relative luminance (WCAG 2).
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The WCAG contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `t` of the way from this colour to `toward` (0.0: this colour, 1.0: `toward`).
    fn mix(self, toward: Rgb, t: f64) -> Rgb {
        let mut out = [0; 3];
        for (i, channel) in out.iter_mut().enumerate() {
            let (from, to) = (f64::from(self.0[i]), f64::from(toward.0[i]));
            *channel = (from + (to - from) * t).round() as u8;
        }
        Rgb(out)
    }
}

/// `colour` itself when it reaches `ratio` against every paper, else the first mix of it toward
/// `toward` (black on light papers, white on dark ones) in steps of 2 % that does: the hue stays,
/// only the lightness moves.
pub fn readable(colour: Rgb, papers: &[Rgb], ratio: f64, toward: Rgb) -> Rgb {
    (0..=50)
        .map(|step| colour.mix(toward, f64::from(step) / 50.0))
        .find(|mixed| papers.iter().all(|paper| mixed.contrast(*paper) >= ratio))
        .unwrap_or(toward)
}

/// The CMYK the output profile prints an sRGB colour with (relative colorimetric, so a colour
/// the press can print is kept as it is). A gray (r = g = b) is printed with black ink alone, as
/// heft prints its own grays, never as a four-colour mix.
pub fn derive_cmyk(colour: Rgb, profile: &[u8]) -> Result<Cmyk, String> {
    Ok(derive_all(&[colour], profile)?[0])
}

/// [`derive_cmyk`] for several colours, with one transform. Making a transform builds a
/// lookup table over the whole RGB cube (some 85 M instructions, about a tenth of building the
/// sample issue), so colours derived before in this process are taken from [`DERIVED`]: a
/// `heft watch` rebuild pays nothing for them.
fn derive_all(colours: &[Rgb], profile: &[u8]) -> Result<Vec<Cmyk>, String> {
    let key = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        profile.hash(&mut hasher);
        hasher.finish()
    };
    let known = |colour: Rgb| -> Option<Cmyk> {
        let [r, g, b] = colour.0;
        if r == g && g == b {
            return Some(Cmyk([0.0, 0.0, 0.0, 1.0 - f32::from(r) / 255.0]));
        }
        let derived = DERIVED.lock().unwrap_or_else(|e| e.into_inner());
        derived.iter().find(|(k, rgb, _)| *k == key && *rgb == colour).map(|(_, _, cmyk)| *cmyk)
    };
    if let Some(all) = colours.iter().map(|&c| known(c)).collect::<Option<Vec<_>>>() {
        return Ok(all);
    }
    let target = moxcms::ColorProfile::new_from_slice(profile).map_err(|e| e.to_string())?;
    let options = moxcms::TransformOptions {
        rendering_intent: moxcms::RenderingIntent::RelativeColorimetric,
        ..Default::default()
    };
    let transform = moxcms::ColorProfile::new_srgb()
        .create_transform_f32(moxcms::Layout::Rgb, &target, moxcms::Layout::Rgba, options)
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(colours.len());
    for &colour in colours {
        if let Some(cmyk) = known(colour) {
            out.push(cmyk);
            continue;
        }
        let mut cmyk = [0.0f32; 4];
        transform.transform(&colour.0.map(|c| f32::from(c) / 255.0), &mut cmyk).map_err(|e| e.to_string())?;
        // Whole percent, as a designer writes them and a proof shows them.
        let cmyk = Cmyk(cmyk.map(|ink| (ink.clamp(0.0, 1.0) * 100.0).round() / 100.0));
        let mut derived = DERIVED.lock().unwrap_or_else(|e| e.into_inner());
        if derived.len() >= 64 {
            derived.clear();
        }
        derived.push((key, colour, cmyk));
        out.push(cmyk);
    }
    Ok(out)
}

/// Colours derived in this process: (hash of the profile, sRGB, CMYK). The same inputs always
/// give the same values, so the outputs do not depend on what is remembered here.
static DERIVED: std::sync::Mutex<Vec<(u64, Rgb, Cmyk)>> = std::sync::Mutex::new(Vec::new());

/// The table form of a [`Colour`]: `{ screen = "#b00020", print = [0, 100, 80, 10] }`.
#[derive(Deserialize)]
pub(crate) struct ColourTable {
    screen: String,
    print: Option<Vec<f64>>,
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HexOrTable;
        impl<'de> Visitor<'de> for HexOrTable {
            type Value = Colour;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a colour \"#rrggbb\" or a table { screen = \"#rrggbb\", print = [c, m, y, k] }")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Colour, E> {
                Ok(Colour { screen: screen(text)?, print: None })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Colour, A::Error> {
                let table = ColourTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                let print = table.print.as_deref().map(print).transpose()?;
                Ok(Colour { screen: screen(&table.screen)?, print })
            }
        }
        deserializer.deserialize_any(HexOrTable)
    }
}

fn screen<E: serde::de::Error>(text: &str) -> Result<Rgb, E> {
    Rgb::parse(text.trim()).ok_or_else(|| E::custom(format!("{NOT_A_COLOUR}: \"{text}\" (write it as \"#rrggbb\")")))
}

fn print<E: serde::de::Error>(percent: &[f64]) -> Result<Cmyk, E> {
    let [c, m, y, k] = percent else {
        return Err(E::custom(format!(
            "{NOT_A_COLOUR}: the print value has {} numbers, CMYK needs 4 percentages",
            percent.len()
        )));
    };
    if let Some(bad) = [c, m, y, k].into_iter().find(|v| !(0.0..=100.0).contains(*v)) {
        return Err(E::custom(format!("{NOT_A_COLOUR}: {bad} is outside 0 to 100 percent of an ink")));
    }
    Ok(Cmyk([c, m, y, k].map(|v| (*v / 100.0) as f32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &[u8] = include_bytes!("../../icc/heft-cmyk.icc");

    #[test]
    fn hex_colours_parse_and_print_back() {
        assert_eq!(Rgb::parse("#B00020"), Some(Rgb([0xb0, 0x00, 0x20])));
        assert_eq!(Rgb([0xb0, 0, 0x20]).hex(), "#b00020");
        for bad in ["b00020", "#b0002", "#b00020f", "#gg0000", "red", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_is_wcag_s() {
        assert!((Rgb::BLACK.contrast(Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((Rgb([0x76, 0x76, 0x76]).contrast(Rgb::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_readable_colour_stays_and_a_faint_one_moves_until_it_reads() {
        let red = Rgb([0xb0, 0x00, 0x20]);
        assert_eq!(readable(red, &[Rgb::WHITE], TEXT_CONTRAST, Rgb::BLACK), red);
        let on_dark = readable(red, &[WEB_PAPER_DARK], TEXT_CONTRAST, Rgb::WHITE);
        assert_ne!(on_dark, red, "dark red on a dark page is lightened");
        assert!(on_dark.contrast(WEB_PAPER_DARK) >= TEXT_CONTRAST);
        assert!(on_dark.0[0] > on_dark.0[1], "still a red: {}", on_dark.hex());
        let yellow = Rgb([0xff, 0xd7, 0x00]);
        let on_light = readable(yellow, &[WEB_PAPER_LIGHT, Rgb::WHITE], TEXT_CONTRAST, Rgb::BLACK);
        assert!(on_light.contrast(Rgb::WHITE) >= TEXT_CONTRAST && on_light.contrast(WEB_PAPER_LIGHT) >= TEXT_CONTRAST);
    }

    #[test]
    fn print_values_come_from_the_output_profile_and_grays_stay_black_ink() {
        let red = derive_cmyk(Rgb([0xb0, 0x00, 0x20]), PROFILE).unwrap().0;
        assert!(red[1] > 0.8 && red[2] > 0.5 && red[0] < 0.2, "a red is mostly magenta and yellow: {red:?}");
        let blue = derive_cmyk(Rgb([0x1f, 0x4e, 0xa0]), PROFILE).unwrap().0;
        assert!(blue[0] > 0.6 && blue[0] > blue[2], "a blue is mostly cyan: {blue:?}");
        assert_eq!(derive_cmyk(Rgb([0x80; 3]), PROFILE).unwrap().0[..3], [0.0; 3]);
        assert!(derive_cmyk(Rgb([1, 2, 3]), b"not a profile").is_err());
    }

    #[test]
    fn the_papers_are_those_of_web_css() {
        let css = include_str!("../../styles/web.css");
        let values = |name: &str| -> Vec<Rgb> {
            css.lines()
                .filter_map(|line| line.trim().strip_prefix(name))
                .map(|value| Rgb::parse(value.trim_end_matches(';').trim()).unwrap())
                .collect()
        };
        assert_eq!(values("--paper:"), [WEB_PAPER_LIGHT, WEB_PAPER_DARK], "light, dark");
        assert_eq!(values("--box:"), [WEB_BOX_LIGHT, WEB_BOX_DARK]);
    }

    #[test]
    fn css_carries_the_colours_and_a_dark_theme_variant() {
        let colours = Colours { kicker: Some(Colour { screen: Rgb([0xb0, 0x00, 0x20]), print: None }), rules: None };
        let css = colours.web_css();
        assert!(css.contains(".kicker { color: #b00020; }"), "{css}");
        assert!(css.contains("prefers-color-scheme: dark"), "{css}");
        assert!(!css.contains("border-color"), "{css}");
        assert_eq!(Colours::default().epub_css(), "");
    }
}
