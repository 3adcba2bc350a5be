import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { useSearchParams } from "react-router";

export interface TabDef<K extends string> {
  key: K;
  label: string;
  render: () => ReactNode;
}

/**
 * WAI-ARIA tabs whose selection is in the URL (`?tab=leases`), so a section can be linked, reloaded and reached with
 * Back. Arrow keys, Home and End move between tabs (roving tabindex, automatic activation); an unknown or missing
 * `tab` shows the first one.
 */
export function Tabs<K extends string>({
  label,
  tabs,
  idPrefix,
}: {
  label: string;
  tabs: TabDef<K>[];
  idPrefix: string;
}) {
  const [params, setParams] = useSearchParams();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const selected = tabs.find((t) => t.key === params.get("tab")) ?? tabs[0]!;
  const select = (key: K, focus = false) => {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set("tab", key);
        return next;
      },
      { replace: false },
    );
    if (focus) refs.current.get(key)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(selected);
    const to =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    select(tabs[to]!.key, true);
  };
  return (
    <div className="manage-tabs">
      <div role="tablist" aria-label={label} className="manage-tabs__list" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              if (el) refs.current.set(t.key, el);
              else refs.current.delete(t.key);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.key}`}
            aria-controls={`${idPrefix}-panel-${t.key}`}
            aria-selected={t === selected}
            tabIndex={t === selected ? 0 : -1}
            className="manage-tabs__tab"
            onClick={() => select(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${idPrefix}-panel-${selected.key}`}
        aria-labelledby={`${idPrefix}-tab-${selected.key}`}
        tabIndex={0}
        className="manage-tabs__panel"
      >
        {selected.render()}
      </div>
    </div>
  );
}
