//! Mounts the status page. Everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to(
        statuslight::ui::prerender::app_root(),
        statuslight::ui::Root,
    )
    .forget();
}
