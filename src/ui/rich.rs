//! Feed text as DOM nodes, element by element from the core's allowlisted tree
//! ([`statuslight_core::rich`]): never as raw HTML.

use leptos::prelude::*;
use statuslight_core::rich::{Block, Inline};

/// A body's blocks. Links open with `rel="noopener noreferrer"`; the core has already
/// dropped every href that is not http(s) or mailto.
#[component]
pub fn RichText(blocks: Vec<Block>) -> impl IntoView {
    view! {
        <div class="sl-rich" dir="auto">
            {blocks.into_iter().map(block).collect_view()}
        </div>
    }
}

fn block(b: Block) -> AnyView {
    match b {
        Block::Paragraph(inlines) => view! { <p>{inlines_view(inlines)}</p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{inlines_view(item)}</li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Code(text) => view! { <pre><code>{text}</code></pre> }.into_any(),
    }
}

fn inlines_view(inlines: Vec<Inline>) -> Vec<AnyView> {
    inlines.into_iter().map(inline).collect()
}

fn inline(i: Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.into_any(),
        Inline::Bold(c) => view! { <strong>{inlines_view(c)}</strong> }.into_any(),
        Inline::Italic(c) => view! { <em>{inlines_view(c)}</em> }.into_any(),
        Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
        Inline::Link { href, children } => view! {
            <a href=href rel="noopener noreferrer" target="_blank">{inlines_view(children)}</a>
        }
        .into_any(),
        Inline::LineBreak => view! { <br /> }.into_any(),
    }
}
