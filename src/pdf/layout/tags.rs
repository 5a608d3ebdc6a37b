//! The structure tree layout builds while it sets blocks: every part of the document (title
//! page, contents, each article, the imprint) grows its own tree with local ids, and the book
//! moves it into the document's tree when it appends the part's pages. Layout knows which model
//! block it is setting, so the tree follows the model, never positions on the page.

use crate::pdf::frame::{StructId, StructNode, StructRole, Tag};

/// One part's structure nodes; node 0 is the part's root.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub nodes: Vec<StructNode>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree::new(StructRole::Part)
    }
}

impl Tree {
    /// The part's root; it hangs under the document once the part is appended.
    pub const ROOT: StructId = StructId(0);

    pub fn new(root: StructRole) -> Tree {
        Tree { nodes: vec![StructNode::new(root, None)] }
    }

    /// A new node under `parent`, after its earlier children.
    pub fn add(&mut self, role: StructRole, parent: StructId) -> StructId {
        self.add_node(StructNode::new(role, Some(parent)))
    }

    pub fn add_node(&mut self, node: StructNode) -> StructId {
        self.nodes.push(node);
        StructId(self.nodes.len() as u32 - 1)
    }

    pub fn node_mut(&mut self, id: StructId) -> &mut StructNode {
        &mut self.nodes[id.index()]
    }
}

/// A part's local tag, moved into the document's tree at `offset`.
pub(crate) fn shifted(tag: Tag, offset: u32) -> Tag {
    match tag {
        Tag::Content(StructId(id)) => Tag::Content(StructId(id + offset)),
        other => other,
    }
}

/// Appends a part's nodes to the document's tree: local ids shift by the tree's length, the
/// part's root goes under the document node. Returns the offset to shift the part's tags by.
pub(crate) fn append(document: &mut Vec<StructNode>, part: Tree) -> u32 {
    let offset = document.len() as u32;
    document.extend(part.nodes.into_iter().map(|mut node| {
        node.parent = Some(node.parent.map_or(StructId::DOCUMENT, |StructId(p)| StructId(p + offset)));
        node
    }));
    offset
}
