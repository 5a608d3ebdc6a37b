//! A large synthetic issue built in memory, shaped like the benchmark's (100 articles of
//! German-like prose with headings, footnotes, lists and quotes), with wide tables, narrow tables
//! and two images (a panorama and a photo-sized one) mixed in, so that the page
//! checks see far more columns, breaks and floats than the two samples give.

use heft::source::MemoryLoader;

const WORDS: &str = "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an \
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor \
zur bis mehr durch man Arbeiterklasse Demonstrant:innen Selbstverwaltungsorgane Verwaltungsgebäude \
Strafverfolgungsbehörden Widersprüche Gaspreise Regierung Unzufriedenheit Avantgarde Veränderungen Freiheit Demokratie \
Werktätigen fortschrittlichen Versammlungsfreiheit Gewerkschaften Streikkomitees Arbeitnehmerentsendungsrichtlinie \
Lohnabhängigen Nachbarschaftsinitiativen Wirtschaftsordnung Erdgasförderung Metallindustrie Bankensektor Entlassungen \
Zugeständnisse Beobachter:innen Organisation unabhängige politische Programm Menschen Protest Explosion Flüssiggas \
offensichtlich schließlich verwurzelten gegenwärtig solidarisch Bewegung Erklärung Zeitschrift Ausgabe Redaktion \
Massenproteste Rücktritt Schicksal";

/// xorshift64*: the same issue on every run, without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

struct Writer {
    rng: Rng,
    words: Vec<&'static str>,
    caps: Vec<&'static str>,
}

impl Writer {
    fn sentence(&mut self) -> String {
        let n = 8 + self.rng.below(17);
        let mut ws: Vec<String> = (0..n).map(|_| self.rng.pick(&self.words).to_string()).collect();
        ws[0] = self.rng.pick(&self.caps).to_string();
        if self.rng.chance(15) {
            let i = 1 + self.rng.below(n - 1);
            ws[i] = format!("„{}“", ws[i]);
        }
        if self.rng.chance(20) {
            let i = 1 + self.rng.below(n - 2);
            ws[i].push(',');
        }
        ws.join(" ") + self.rng.pick(&[".", ".", ".", "!", "?"])
    }

    fn paragraph(&mut self, sentences: usize) -> String {
        (0..sentences).map(|_| self.sentence()).collect::<Vec<_>>().join(" ")
    }

    fn heading(&mut self) -> String {
        // Three words, as the benchmark's generator writes them. One in three of long words too,
        // so that a heading takes two lines: with the space above it and the two lines kept with
        // it, it needs five grid lines, and a column with four left must not end in a hole.
        let long = self.rng.chance(33);
        let fits = |w: &&str| long || w.chars().count() <= 10;
        let words: Vec<&str> = self.words.iter().copied().filter(fits).collect();
        let caps: Vec<&str> = self.caps.iter().copied().filter(fits).collect();
        let mut ws: Vec<&str> = (0..3).map(|_| self.rng.pick(&words)).collect();
        ws[0] = self.rng.pick(&caps);
        if long {
            ws[2] = self.rng.pick(&caps);
        }
        ws.join(" ")
    }

    /// A table of `cols` columns and a few rows of short words.
    fn table(&mut self, cols: usize) -> String {
        let cell = |w: &mut Writer| format!("{} {}", w.rng.pick(&w.caps), w.rng.pick(&w.words));
        let header: Vec<String> = (0..cols).map(|_| cell(self)).collect();
        let mut out = format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(cols));
        for _ in 0..3 + self.rng.below(4) {
            let row: Vec<String> = (0..cols).map(|_| cell(self)).collect();
            out += &format!("| {} |\n", row.join(" | "));
        }
        out
    }

    fn article(&mut self, i: usize, paragraphs: usize) -> String {
        let mut notes = Vec::new();
        let title = format!("Artikel {i}: {} und {}", self.rng.pick(&self.caps), self.rng.pick(&self.caps));
        let subtitle = self.sentence();
        let mut out = vec![format!(
            "---\ntitle: \"{title}\"\nkicker: \"{}\"\nsubtitle: \"{}\"\nauthors: [\"Autorin {i}\"]\n\
             date: 2022-01-{:02}\n---\n",
            self.rng.pick(&self.caps),
            subtitle.trim_end_matches(['.', '!', '?']),
            1 + i % 28
        )];
        for p in 0..paragraphs {
            if p > 0 && p % 3 == 0 {
                out.push(format!("## {}\n", self.heading()));
            }
            let sentences = 3 + self.rng.below(6);
            let mut text = self.paragraph(sentences);
            if self.rng.chance(20) {
                notes.push(format!("[^{}]: {}", notes.len() + 1, self.sentence()));
                text += &format!("[^{}]", notes.len());
            }
            out.push(text + "\n");
            if self.rng.chance(8) {
                let items: Vec<String> = (0..2 + self.rng.below(4)).map(|_| format!("- {}", self.sentence())).collect();
                out.push(items.join("\n") + "\n");
            }
            if self.rng.chance(5) {
                out.push(format!("> {}\n", self.paragraph(2)));
            }
            if p == 4 {
                match i % 10 {
                    3 | 7 => out.push(self.table(5)),
                    5 => out.push(self.table(2)),
                    1 => out.push("![Ein Panorama über die ganze Breite](../images/panorama.png)\n".to_string()),
                    9 => out.push("![Ein Bild in der Spalte](../images/spalte.png)\n".to_string()),
                    _ => {}
                }
            }
        }
        out.extend(notes.into_iter().map(|n| n + "\n"));
        out.join("\n")
    }
}

/// A grayscale PNG of `width` × `height` pixels: a diagonal gradient.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    let pixels: Vec<u8> = (0..height).flat_map(|y| (0..width).map(move |x| ((x + y) % 256) as u8)).collect();
    writer.write_image_data(&pixels).expect("png data");
    writer.finish().expect("png end");
    bytes
}

/// An issue of `articles` articles of `paragraphs` paragraphs each, in sections of ten.
pub fn issue(articles: usize, paragraphs: usize) -> MemoryLoader {
    let words: Vec<&'static str> = WORDS.split_whitespace().collect();
    let caps = words.iter().copied().filter(|w| w.starts_with(char::is_uppercase)).collect();
    let mut w = Writer { rng: Rng(20_220_106), words, caps };
    let names: Vec<String> = (1..=articles).map(|i| format!("articles/a{i:03}.md")).collect();
    let mut manifest = String::from(
        "title = \"Testzeitschrift\"\nissue = \"Nr. 9/2022\"\ndate = \"2022-09-01\"\nlanguage = \"de\"\n\
         imprint = \"impressum.md\"\n",
    );
    for (k, section) in names.chunks(10).enumerate() {
        let list: Vec<String> = section.iter().map(|n| format!("\"{n}\"")).collect();
        manifest += &format!("\n[[sections]]\ntitle = \"Teil {}\"\narticles = [{}]\n", k + 1, list.join(", "));
    }
    let mut loader = MemoryLoader::new()
        .with("issue.toml", manifest)
        .with("impressum.md", "**Testzeitschrift** – Herausgeber: Verein e. V., Berlin\n")
        .with("images/panorama.png", png(1800, 700))
        .with("images/spalte.png", png(900, 600));
    for (i, name) in names.iter().enumerate() {
        loader = loader.with(name, w.article(i + 1, paragraphs));
    }
    loader
}
