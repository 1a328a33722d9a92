//! Pointer, wheel, pinch and double-click handling: a gesture changes the view while it lasts
//! and settles it when it ends.

use super::*;

/// Pointer, wheel and double-click handling. Copyable, so every handler can own it.
#[derive(Clone, Copy)]
pub(super) struct Gestures {
    map: NodeRef<leptos::html::Div>,
    change: Callback<Box<dyn Fn(Viewport) -> Viewport>>,
    settle: Callback<()>,
    /// Active pointers: id and position relative to the map.
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    /// How far the current press has moved, to tell a drag from a click.
    travelled: StoredValue<f64>,
    /// The last press moved far enough to be a drag.
    dragged: StoredValue<bool>,
    wheel_timer: StoredValue<Option<leptos::prelude::TimeoutHandle>>,
}

impl Gestures {
    pub(super) fn new(
        map: NodeRef<leptos::html::Div>,
        change: impl Fn(&dyn Fn(Viewport) -> Viewport) + Send + Sync + 'static,
        settle: Callback<()>,
    ) -> Gestures {
        Gestures {
            map,
            change: Callback::new(move |step: Box<dyn Fn(Viewport) -> Viewport>| change(&*step)),
            settle,
            pointers: StoredValue::new(Vec::new()),
            travelled: StoredValue::new(0.0),
            dragged: StoredValue::new(false),
            wheel_timer: StoredValue::new(None),
        }
    }

    pub(super) fn was_drag(&self) -> bool {
        self.dragged.get_value()
    }

    /// The event's position relative to the map's top left corner.
    pub(super) fn position(&self, ev: &leptos::ev::MouseEvent) -> Option<(f64, f64)> {
        #[cfg(feature = "hydrate")]
        {
            let rect = self.map.get_untracked()?.get_bounding_client_rect();
            Some((
                f64::from(ev.client_x()) - rect.left(),
                f64::from(ev.client_y()) - rect.top(),
            ))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (ev, self.map);
            None
        }
    }

    pub(super) fn down(&self, ev: leptos::ev::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let Some((x, y)) = self.position(&ev) else { return };
        let id = ev.pointer_id();
        self.pointers.update_value(|p| {
            p.retain(|(other, _, _)| *other != id);
            p.push((id, x, y));
        });
        if self.pointers.with_value(Vec::len) == 1 {
            self.travelled.set_value(0.0);
            self.dragged.set_value(false);
        }
    }

    pub(super) fn moved(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        let Some((x, y)) = self.position(&ev) else { return };
        let before = self.pointers.get_value();
        let Some(index) = before.iter().position(|(other, _, _)| *other == id) else {
            return;
        };
        let mut after = before.clone();
        after[index] = (id, x, y);
        self.pointers.set_value(after.clone());
        let (dx, dy) = (x - before[index].1, y - before[index].2);
        self.travelled.update_value(|t| *t += dx.hypot(dy));
        if self.travelled.get_value() < DRAG_THRESHOLD {
            return;
        }
        if !self.dragged.get_value() {
            self.dragged.set_value(true);
            // Only now capture: capturing on press would send a marker's click to the map.
            #[cfg(feature = "hydrate")]
            if let Some(map) = self.map.get_untracked() {
                map.set_pointer_capture(id).ok();
            }
        }
        match (before.as_slice(), after.as_slice()) {
            ([_], [_]) => self.change.run(Box::new(move |v: Viewport| v.pan_by(-dx, -dy))),
            ([a, b, ..], [c, d, ..]) => {
                let (mid_before, mid_after) = (midpoint(a, b), midpoint(c, d));
                let (span_before, span_after) = (distance(a, b), distance(c, d));
                if span_before > 1.0 && span_after > 1.0 {
                    let step = (span_after / span_before).log2();
                    self.change.run(Box::new(move |v: Viewport| {
                        v.zoom_around(v.zoom + step, mid_after.0, mid_after.1)
                            .pan_by(mid_before.0 - mid_after.0, mid_before.1 - mid_after.1)
                    }));
                }
            }
            _ => {}
        }
    }

    pub(super) fn up(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        self.pointers.update_value(|p| p.retain(|(other, _, _)| *other != id));
        if self.pointers.with_value(Vec::is_empty) && self.dragged.get_value() {
            self.settle.run(());
        }
    }

    pub(super) fn wheel(&self, ev: leptos::ev::WheelEvent) {
        let Some((x, y)) = self.position(&ev) else { return };
        ev.prevent_default();
        // Lines (Firefox) are about 40 pixels each; a notch of a mouse wheel is about half a zoom level.
        let pixels = if ev.delta_mode() == 1 {
            ev.delta_y() * 40.0
        } else {
            ev.delta_y()
        };
        let step = crate::map::between(-pixels / 200.0, -1.0, 1.0);
        self.change
            .run(Box::new(move |v: Viewport| v.zoom_around(v.zoom + step, x, y)));
        let settle = self.settle;
        if let Some(timer) = self.wheel_timer.get_value() {
            timer.clear();
        }
        let timer = set_timeout_with_handle(move || settle.run(()), std::time::Duration::from_millis(300)).ok();
        self.wheel_timer.set_value(timer);
    }

    pub(super) fn double_click(&self, ev: leptos::ev::MouseEvent) {
        let Some((x, y)) = self.position(&ev) else { return };
        ev.prevent_default();
        self.change
            .run(Box::new(move |v: Viewport| v.zoom_around((v.zoom + 1.0).round(), x, y)));
        self.settle.run(());
    }
}

pub(super) fn midpoint(a: &(i32, f64, f64), b: &(i32, f64, f64)) -> (f64, f64) {
    ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0)
}

pub(super) fn distance(a: &(i32, f64, f64), b: &(i32, f64, f64)) -> f64 {
    (a.1 - b.1).hypot(a.2 - b.2)
}
