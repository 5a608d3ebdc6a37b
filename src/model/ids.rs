//! Typed references between parts of the model. Only assembly creates them, so every id held by
//! a model is valid for that model and look-ups cannot fail.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// Made by assembly (and by tests that build a model by hand) only.
            pub(crate) fn new(index: usize) -> Self {
                Self(u32::try_from(index).expect("fewer than 2^32 items"))
            }

            /// The position in its list of the issue, from 0.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An article of the issue: its position in reading order.
    ArticleId
);
id_type!(
    /// A section of the issue, in manifest order.
    SectionId
);
id_type!(
    /// An image stored once in the issue.
    AssetId
);
