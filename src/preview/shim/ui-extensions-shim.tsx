/**
 * The preview's stand-in for `@hubspot/ui-extensions`: every component the cards use, rendered as plain
 * HTML with class names that the preview stylesheet styles after HubSpot's look. Props follow the SDK's
 * types (0.17) so the real card code runs unchanged; unknown props are ignored, as HubSpot does.
 */
import { createContext, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import { registerExtension } from './registry';
import type { RenderCallback } from './registry';

type Children = { children?: ReactNode; testId?: string };
const cx = (...names: (string | false | undefined | null)[]) => names.filter(Boolean).join(' ');
const tid = (testId?: string) => (testId ? { 'data-testid': testId } : {});

export const hubspot = {
  extend(render: RenderCallback) {
    registerExtension(render);
  },
  /**
   * `hubspot.fetch` goes through the preview server, which signs the request with the app's client
   * secret exactly as HubSpot would and forwards it to the backend.
   */
  async fetch(url: string | URL, options: { method?: string; body?: unknown; timeout?: number } = {}) {
    return window.fetch('api/fetch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: String(url), method: options.method ?? 'GET', body: options.body }),
    });
  },
  serverless() {
    return Promise.reject(new Error('serverless functions are not used by this app'));
  },
};

export const logger = {
  debug: (...a: unknown[]) => console.debug(...a),
  info: (...a: unknown[]) => console.info(...a),
  warn: (...a: unknown[]) => console.warn(...a),
  error: (...a: unknown[]) => console.error(...a),
};

export function Text(props: Children & { variant?: string; inline?: boolean; format?: { fontWeight?: string; italic?: boolean } }) {
  const Tag = props.inline ? 'span' : 'p';
  return (
    <Tag
      {...tid(props.testId)}
      className={cx('hs-text', props.variant === 'microcopy' && 'hs-text--micro', props.format?.fontWeight && `hs-text--${props.format.fontWeight}`, props.format?.italic && 'hs-text--italic')}
    >
      {props.children}
    </Tag>
  );
}

export function Heading(props: Children) {
  return <h3 {...tid(props.testId)} className="hs-heading">{props.children}</h3>;
}

export function Flex(props: Children & { direction?: 'row' | 'column'; gap?: string; justify?: string; align?: string; wrap?: boolean | string }) {
  return (
    <div
      {...tid(props.testId)}
      className={cx('hs-flex', `hs-flex--${props.direction ?? 'row'}`, `hs-gap--${props.gap ?? 'flush'}`, props.justify && `hs-justify--${props.justify}`, props.align && `hs-align--${props.align}`, props.wrap && props.wrap !== 'nowrap' && 'hs-flex--wrap')}
    >
      {props.children}
    </div>
  );
}

export function Box(props: Children & { flex?: string | number }) {
  return <div {...tid(props.testId)} className={cx('hs-box', props.flex !== undefined && `hs-box--flex-${String(props.flex)}`)}>{props.children}</div>;
}

export function Divider() {
  return <hr className="hs-divider" />;
}

export function Button(props: Children & { onClick?: (event: unknown, reactions: unknown) => void; variant?: string; disabled?: boolean; type?: 'button' | 'submit' | 'reset'; size?: string; overlay?: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        {...tid(props.testId)}
        type={props.type ?? 'button'}
        disabled={props.disabled}
        className={cx('hs-button', `hs-button--${props.variant ?? 'secondary'}`, props.size && `hs-button--${props.size}`)}
        onClick={() => {
          props.onClick?.({ type: 'click' }, {});
          if (props.overlay) setOpen(true);
        }}
      >
        {props.children}
      </button>
      {open && props.overlay ? <OverlayContext.Provider value={{ close: () => setOpen(false) }}>{props.overlay}</OverlayContext.Provider> : null}
    </>
  );
}

/** Lets a Modal opened by a Button's `overlay` prop close itself (HubSpot: actions.closeOverlay). */
const OverlayContext = createContext<{ close: () => void }>({ close: () => undefined });

export function Modal(props: Children & { id?: string; title?: string; width?: string; onClose?: () => void }) {
  const { close } = useContext(OverlayContext);
  return (
    <div className="hs-modal-backdrop">
      <div {...tid(props.testId)} role="dialog" aria-label={props.title} className={cx('hs-modal', props.width && `hs-modal--${props.width}`)}>
        <div className="hs-modal__header">
          <strong>{props.title}</strong>
          <button type="button" className="hs-modal__close" aria-label="Close" onClick={() => { props.onClose?.(); close(); }}>×</button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
export function ModalBody(props: Children) {
  return <div className="hs-modal__body">{props.children}</div>;
}
export function ModalFooter(props: Children) {
  return <div className="hs-modal__footer">{props.children}</div>;
}

export function ButtonRow(props: Children) {
  return <div {...tid(props.testId)} className="hs-button-row">{props.children}</div>;
}

export function Link(props: Children & { href?: string | { url: string }; onClick?: (event: unknown, reactions: unknown) => void }) {
  const href = typeof props.href === 'string' ? props.href : props.href?.url;
  return (
    <a {...tid(props.testId)} className="hs-link" href={href ?? '#'} target={href ? '_blank' : undefined} rel="noreferrer" onClick={(e) => { if (props.onClick) { e.preventDefault(); props.onClick({ type: 'click' }, {}); } }}>
      {props.children}
    </a>
  );
}

export function Alert(props: Children & { title: string; variant?: string }) {
  return (
    <div {...tid(props.testId)} role="alert" className={cx('hs-alert', `hs-alert--${props.variant ?? 'info'}`)}>
      <strong className="hs-alert__title">{props.title}</strong>
      {props.children ? <div className="hs-alert__body">{props.children}</div> : null}
    </div>
  );
}

export function Tag(props: Children & { variant?: string }) {
  return <span {...tid(props.testId)} className={cx('hs-tag', `hs-tag--${props.variant ?? 'default'}`)}>{props.children}</span>;
}

export function StatusTag(props: Children & { variant?: string }) {
  return <span {...tid(props.testId)} className={cx('hs-status-tag', `hs-tag--${props.variant ?? 'default'}`)}>{props.children}</span>;
}

export function LoadingSpinner(props: { label: string; showLabel?: boolean; testId?: string }) {
  return (
    <div {...tid(props.testId)} className="hs-spinner" role="status" aria-label={props.label}>
      <span className="hs-spinner__wheel" />
      {props.showLabel !== false ? <span>{props.label}</span> : null}
    </div>
  );
}

export function EmptyState(props: Children & { title?: string }) {
  return (
    <div {...tid(props.testId)} className="hs-empty-state">
      {props.title ? <h4>{props.title}</h4> : null}
      <div>{props.children}</div>
    </div>
  );
}

export function ErrorState(props: Children & { title?: string }) {
  return (
    <div {...tid(props.testId)} className="hs-error-state" role="alert">
      {props.title ? <h4>{props.title}</h4> : null}
      <div>{props.children}</div>
    </div>
  );
}

export function DescriptionList(props: Children & { direction?: 'row' | 'column' }) {
  return <dl {...tid(props.testId)} className={cx('hs-dl', `hs-dl--${props.direction ?? 'column'}`)}>{props.children}</dl>;
}

export function DescriptionListItem(props: Children & { label: string }) {
  return (
    <div {...tid(props.testId)} className="hs-dl__item">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function Statistics(props: Children) {
  return <div {...tid(props.testId)} className="hs-statistics">{props.children}</div>;
}

export function StatisticsItem(props: Children & { label: string; number: string | number }) {
  return (
    <div {...tid(props.testId)} className="hs-statistics__item">
      <div className="hs-statistics__label">{props.label}</div>
      <div className="hs-statistics__number">{props.number}</div>
      {props.children}
    </div>
  );
}

export function Table(props: Children & { bordered?: boolean }) {
  return <table {...tid(props.testId)} className={cx('hs-table', props.bordered !== false && 'hs-table--bordered')}>{props.children}</table>;
}
export function TableHead(props: Children) {
  return <thead>{props.children}</thead>;
}
export function TableBody(props: Children) {
  return <tbody>{props.children}</tbody>;
}
export function TableFooter(props: Children) {
  return <tfoot>{props.children}</tfoot>;
}
export function TableRow(props: Children) {
  return <tr {...tid(props.testId)}>{props.children}</tr>;
}
export function TableHeader(props: Children & { align?: 'left' | 'center' | 'right' }) {
  return <th className={`hs-align-${props.align ?? 'left'}`}>{props.children}</th>;
}
export function TableCell(props: Children & { align?: 'left' | 'center' | 'right'; colSpan?: number }) {
  return <td colSpan={props.colSpan} className={`hs-align-${props.align ?? 'left'}`}>{props.children}</td>;
}

const TabsContext = createContext<{ selected: string | number | undefined; select: (id: string | number) => void }>({ selected: undefined, select: () => undefined });

export function Tabs(props: Children & { selected?: string | number; defaultSelected?: string | number; onSelectedChange?: (id: never) => void }) {
  const [own, setOwn] = useState<string | number | undefined>(props.defaultSelected);
  const selected = props.selected ?? own;
  const tabs: { tabId: string | number; title: string; disabled?: boolean }[] = [];
  const children = Array.isArray(props.children) ? props.children.flat() : [props.children];
  for (const child of children) {
    const p = (child as { props?: { tabId?: string | number; title?: string; disabled?: boolean } } | null)?.props;
    if (p && p.tabId !== undefined) tabs.push({ tabId: p.tabId, title: p.title ?? String(p.tabId), disabled: p.disabled });
  }
  const current = selected ?? tabs[0]?.tabId;
  const select = (id: string | number) => {
    setOwn(id);
    (props.onSelectedChange as ((id: string | number) => void) | undefined)?.(id);
  };
  return (
    <div {...tid(props.testId)} className="hs-tabs">
      <div className="hs-tabs__list" role="tablist">
        {tabs.map((t) => (
          <button key={String(t.tabId)} role="tab" type="button" aria-selected={t.tabId === current} disabled={t.disabled} className={cx('hs-tabs__tab', t.tabId === current && 'hs-tabs__tab--selected')} onClick={() => select(t.tabId)}>
            {t.title}
          </button>
        ))}
      </div>
      <TabsContext.Provider value={{ selected: current, select }}>{props.children}</TabsContext.Provider>
    </div>
  );
}

export function Tab(props: Children & { tabId?: string | number; title?: string }) {
  const { selected } = useContext(TabsContext);
  if (props.tabId !== selected) return null;
  return <div role="tabpanel" className="hs-tabs__panel">{props.children}</div>;
}

type FieldProps = { label?: string; name?: string; description?: string; required?: boolean; error?: boolean; validationMessage?: string; readOnly?: boolean; placeholder?: string; testId?: string };

function Field(props: FieldProps & { children: ReactNode }) {
  return (
    <label className={cx('hs-field', props.error && 'hs-field--error')} {...tid(props.testId)}>
      {props.label ? <span className="hs-field__label">{props.label}{props.required ? ' *' : ''}</span> : null}
      {props.description ? <span className="hs-field__description">{props.description}</span> : null}
      {props.children}
      {props.validationMessage ? <span className={cx('hs-field__message', props.error && 'hs-field__message--error')}>{props.validationMessage}</span> : null}
    </label>
  );
}

export function Input(props: FieldProps & { value?: string; defaultValue?: string; type?: 'text' | 'password'; onChange?: (v: string) => void; onInput?: (v: string) => void }) {
  return (
    <Field {...props}>
      <input className="hs-input" name={props.name} type={props.type ?? 'text'} value={props.value} defaultValue={props.defaultValue} readOnly={props.readOnly} placeholder={props.placeholder}
        onChange={(e) => { props.onInput?.(e.target.value); props.onChange?.(e.target.value); }} />
    </Field>
  );
}

export function TextArea(props: FieldProps & { value?: string; rows?: number; onChange?: (v: string) => void; onInput?: (v: string) => void }) {
  return (
    <Field {...props}>
      <textarea className="hs-input hs-textarea" name={props.name} rows={props.rows ?? 3} value={props.value} readOnly={props.readOnly} placeholder={props.placeholder}
        onChange={(e) => { props.onInput?.(e.target.value); props.onChange?.(e.target.value); }} />
    </Field>
  );
}
export const Textarea = TextArea;

export function NumberInput(props: FieldProps & { value?: number; min?: number; max?: number; precision?: number; onChange?: (v: number) => void; onInput?: (v: number) => void }) {
  const step = props.precision ? 1 / 10 ** props.precision : 1;
  return (
    <Field {...props}>
      <input className="hs-input" name={props.name} type="number" step={step} min={props.min} max={props.max} readOnly={props.readOnly}
        value={props.value === undefined || Number.isNaN(props.value) ? '' : props.value}
        onChange={(e) => { const v = e.target.value === '' ? Number.NaN : Number(e.target.value); props.onInput?.(v); props.onChange?.(v); }} />
    </Field>
  );
}

export function CurrencyInput(props: FieldProps & { value?: number; currency?: string; onChange?: (v: number) => void }) {
  return <NumberInput {...props} precision={2} />;
}

type BaseDate = { year: number; month: number; date: number };
const pad = (n: number) => String(n).padStart(2, '0');

export function DateInput(props: FieldProps & { value?: BaseDate | null; onChange?: (v: BaseDate & { formattedDate?: string }) => void }) {
  const v = props.value;
  const text = v ? `${v.year}-${pad(v.month + 1)}-${pad(v.date)}` : '';
  return (
    <Field {...props}>
      <input className="hs-input" name={props.name} type="date" value={text} readOnly={props.readOnly}
        onChange={(e) => {
          const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.target.value);
          if (m) props.onChange?.({ year: Number(m[1]), month: Number(m[2]) - 1, date: Number(m[3]), formattedDate: e.target.value });
        }} />
    </Field>
  );
}

export function Select(props: FieldProps & { value?: string | number | boolean; options: { label: string; value: string | number | boolean }[]; onChange?: (v: string | number | boolean) => void }) {
  const current = props.value === undefined ? '' : String(props.value);
  return (
    <Field {...props}>
      <select className="hs-input hs-select" name={props.name} value={current} disabled={props.readOnly}
        onChange={(e) => { const opt = props.options.find((o) => String(o.value) === e.target.value); if (opt) props.onChange?.(opt.value); }}>
        {current === '' ? <option value="">{props.placeholder ?? 'Select…'}</option> : null}
        {props.options.map((o) => <option key={String(o.value)} value={String(o.value)}>{o.label}</option>)}
      </select>
    </Field>
  );
}

export function MultiSelect(props: FieldProps & { value?: (string | number | boolean)[]; options: { label: string; value: string | number | boolean }[]; onChange?: (v: (string | number | boolean)[]) => void }) {
  const selected = new Set((props.value ?? []).map(String));
  return (
    <Field {...props}>
      <div className="hs-multiselect" role="group" aria-label={props.label}>
        {props.options.map((o) => (
          <label key={String(o.value)} className="hs-checkbox">
            <input type="checkbox" name={props.name} value={String(o.value)} checked={selected.has(String(o.value))} disabled={props.readOnly}
              onChange={(e) => {
                const next = props.options.filter((x) => (String(x.value) === String(o.value) ? e.target.checked : selected.has(String(x.value)))).map((x) => x.value);
                props.onChange?.(next);
              }} />
            {o.label}
          </label>
        ))}
      </div>
    </Field>
  );
}

export function Checkbox(props: Children & { name?: string; value?: string; checked?: boolean; readOnly?: boolean; onChange?: (checked: boolean, value: string) => void }) {
  return (
    <label className="hs-checkbox" {...tid(props.testId)}>
      <input type="checkbox" name={props.name} value={props.value} checked={props.checked} disabled={props.readOnly} onChange={(e) => props.onChange?.(e.target.checked, props.value ?? '')} />
      {props.children}
    </label>
  );
}

export function Toggle(props: { label: string; checked?: boolean; readonly?: boolean; onChange?: (checked: boolean) => void; testId?: string }) {
  return (
    <label className="hs-checkbox" {...tid(props.testId)}>
      <input type="checkbox" role="switch" checked={props.checked} disabled={props.readonly} onChange={(e) => props.onChange?.(e.target.checked)} />
      {props.label}
    </label>
  );
}

export function Form(props: Children & { onSubmit?: (event: { targetValue: Record<string, string> }, reactions: unknown) => void; preventDefault?: boolean }) {
  return (
    <form {...tid(props.testId)} className="hs-form"
      onSubmit={(e) => {
        e.preventDefault();
        const values: Record<string, string> = {};
        new FormData(e.currentTarget).forEach((value, key) => { values[key] = String(value); });
        props.onSubmit?.({ targetValue: values }, {});
      }}>
      {props.children}
    </form>
  );
}

export function Tile(props: Children & { compact?: boolean }) {
  return <div {...tid(props.testId)} className="hs-tile">{props.children}</div>;
}

export function List(props: Children & { variant?: string }) {
  const items = Array.isArray(props.children) ? props.children : [props.children];
  return <ul {...tid(props.testId)} className="hs-list">{items.map((child, i) => <li key={i}>{child}</li>)}</ul>;
}

export function ProgressBar(props: { value?: number; maxValue?: number; title?: string; showPercentage?: boolean; variant?: string; testId?: string }) {
  const max = props.maxValue ?? 100;
  const pct = Math.max(0, Math.min(100, ((props.value ?? 0) / max) * 100));
  return (
    <div {...tid(props.testId)} className={cx('hs-progress', props.variant && `hs-progress--${props.variant}`)}>
      {props.title ? <div className="hs-progress__title">{props.title}{props.showPercentage ? ` (${Math.round(pct)}%)` : ''}</div> : null}
      <div className="hs-progress__track"><div className="hs-progress__bar" style={{ width: `${pct}%` }} /></div>
    </div>
  );
}

export function Inline(props: Children & { gap?: string }) {
  return <div {...tid(props.testId)} className={cx('hs-flex', 'hs-flex--row', 'hs-flex--wrap', `hs-gap--${props.gap ?? 'xs'}`)}>{props.children}</div>;
}

export function Spacer() {
  return <div className="hs-spacer" />;
}
