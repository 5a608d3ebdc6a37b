//! The manifest's `[print]` table applied to the style: the shop's output profile (read and its
//! ICC header checked), bleed, crop marks and binding. Every problem points at its line.

use std::ops::Range;

use toml::Spanned;

use super::manifest::{Manifest, PrintEntry};
use super::{Assembler, MANIFEST};
use crate::diag::Diagnostic;
use crate::style::print::{check_cmyk_output_profile, OutputIntent, MAX_BLEED_MM};
use crate::style::Style;

impl Assembler<'_> {
    /// Overrides the style's print settings with the manifest's, then gives the style's colours
    /// their print values through the output profile in force; errors go to the diagnostics.
    pub(super) fn apply_print(&mut self, manifest: &Manifest, style: &mut Style) {
        if let Some(entry) = &manifest.print {
            self.print_entry(entry, style);
        }
        if let Err(reason) = style.page.colours.derive_print(&style.output_intent.profile) {
            let profile = manifest.print.as_ref().and_then(|entry| entry.output_profile.as_ref());
            let message = format!("the style's [colours] cannot be converted to CMYK for print: {reason}");
            let diagnostic = match profile {
                Some(profile) => self.error_at(message, profile.span()),
                None => Diagnostic::error(message),
            };
            self.diags.push(diagnostic.hint(format!(
                "give each colour its print value in the style: {}",
                "kicker = { screen = \"#b00020\", print = [0, 100, 80, 10] }"
            )));
        }
    }

    /// The manifest's `[print]` table laid over the style's.
    fn print_entry(&mut self, entry: &PrintEntry, style: &mut Style) {
        let print = &mut style.page.print;
        if let Some(bleed) = self.millimetres(&entry.bleed_mm, "bleed_mm", 0.0..=MAX_BLEED_MM) {
            print.bleed_mm = bleed;
        }
        if let Some(thickness) = self.millimetres(&entry.paper_thickness_mm, "paper_thickness_mm", 0.01..=2.0) {
            print.paper_thickness_mm = thickness;
        }
        if let Some(spine) = self.millimetres(&entry.spine_mm, "spine_mm", 0.0..=100.0) {
            print.spine_mm = Some(spine);
        }
        if let Some(marks) = entry.crop_marks {
            print.crop_marks = marks;
        }
        if let Some(binding) = &entry.binding {
            print.binding = *binding.get_ref();
        }
        if let Some(intent) = self.output_intent(entry) {
            style.output_intent = intent;
        }
    }

    /// A length in mm within `allowed`, or an error at the value.
    fn millimetres(
        &mut self,
        value: &Option<Spanned<f64>>,
        key: &str,
        allowed: std::ops::RangeInclusive<f64>,
    ) -> Option<f64> {
        let value = value.as_ref()?;
        let mm = *value.get_ref();
        if mm.is_finite() && allowed.contains(&mm) {
            return Some(mm);
        }
        let diagnostic = self
            .error_at(format!("`{key}` in [print] of {MANIFEST} is {mm} mm, outside the accepted range"), value.span())
            .hint(format!("write a length from {} to {} mm", allowed.start(), allowed.end()));
        self.diags.push(diagnostic);
        None
    }

    /// The shop's profile and condition, if the manifest names them and they check out.
    fn output_intent(&mut self, entry: &PrintEntry) -> Option<OutputIntent> {
        let condition = entry.output_condition.as_ref().map(|c| c.get_ref().trim().to_string());
        let Some(written) = &entry.output_profile else {
            if let Some(condition) = &entry.output_condition {
                let diagnostic = self
                    .error_at(
                        format!("`output_condition` in [print] names {} but no profile", condition.get_ref()),
                        condition.span(),
                    )
                    .hint("add the shop's ICC profile for that condition: output_profile = \"fogra51.icc\"");
                self.diags.push(diagnostic);
            }
            return None;
        };
        let path = written.get_ref();
        let profile = self.read_profile(path, written.span())?;
        let identifier = condition.filter(|c| !c.is_empty()).unwrap_or_else(|| "Custom".to_string());
        let name = path.rsplit('/').next().unwrap_or(path);
        let description =
            if identifier == "Custom" { format!("printing condition of {name}") } else { identifier.clone() };
        Some(OutputIntent { profile: profile.into(), identifier, condition: description })
    }

    /// Reads a CMYK output profile from the issue folder; an error points at `range`.
    fn read_profile(&mut self, path: &str, range: Range<usize>) -> Option<Vec<u8>> {
        let hint = "name the CMYK output profile (.icc) the print shop gave you, relative to the issue folder";
        let problem = match crate::source::resolve_relative("", path).map(|p| self.loader.read(&p)) {
            None => "leaves the issue folder".to_string(),
            Some(Err(err)) => format!("cannot be read ({err})"),
            Some(Ok(bytes)) => match check_cmyk_output_profile(&bytes) {
                Ok(()) => return Some(bytes),
                Err(err) => err.to_string(),
            },
        };
        let diagnostic = self.error_at(format!("the output profile {path} {problem}"), range).hint(hint);
        self.diags.push(diagnostic);
        None
    }
}
