/**
 * The preview's stand-in for `@hubspot/ui-extensions`: every component the cards use, rendered as plain
 * HTML with class names that the preview stylesheet styles after HubSpot's look. Props follow the SDK's
 * types (0.17) so the real card code runs unchanged; unknown props are ignored, as HubSpot does.
 */
import { Children as ReactChildren, isValidElement, useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
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
    const { token } = (window as unknown as { __COSELL_PREVIEW__: { token: string } }).__COSELL_PREVIEW__;
    return window.fetch('api/fetch', {
      method: 'POST',
      // The preview server signs only for its own page, which proves itself with the per-start token.
      headers: { 'content-type': 'application/json', 'x-cosell-preview-token': token },
      body: JSON.stringify({ url: String(url), method: options.method ?? 'GET', body: options.body }),
    });
  },
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

export function Divider() {
  return <hr className="hs-divider" />;
}

export function Button(props: Children & { onClick?: (event: unknown, reactions: unknown) => void; variant?: string; disabled?: boolean; type?: 'button' | 'submit' | 'reset'; size?: string }) {
  return (
    <button
      {...tid(props.testId)}
      type={props.type ?? 'button'}
      disabled={props.disabled}
      className={cx('hs-button', `hs-button--${props.variant ?? 'secondary'}`, props.size && `hs-button--${props.size}`)}
      onClick={() => props.onClick?.({ type: 'click' }, {})}
    >
      {props.children}
    </button>
  );
}

export function ButtonRow(props: Children) {
  return <div {...tid(props.testId)} className="hs-button-row">{props.children}</div>;
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

type TabProps = Children & { tabId?: string | number; title?: string; disabled?: boolean };

/** A tab panel; `Tabs` reads its id and title and renders only the selected one, as HubSpot does. */
export function Tab(props: TabProps) {
  return <div {...tid(props.testId)} role="tabpanel" className="hs-tab-panel">{props.children}</div>;
}

export function Tabs(props: Children & { defaultSelected?: string | number; selected?: string | number; onSelectedChange?: (id: never) => void; variant?: string; fill?: boolean }) {
  const tabs = ReactChildren.toArray(props.children).filter((c): c is ReactElement<TabProps> => isValidElement(c));
  const idOf = (tab: ReactElement<TabProps>, index: number) => String(tab.props.tabId ?? index);
  const [own, setOwn] = useState<string>(String(props.defaultSelected ?? (tabs[0] ? idOf(tabs[0], 0) : '')));
  const current = props.selected !== undefined ? String(props.selected) : own;
  return (
    <div {...tid(props.testId)} className={cx('hs-tabs', props.variant === 'enclosed' && 'hs-tabs--enclosed')}>
      <div role="tablist" className="hs-tabs__list">
        {tabs.map((tab, index) => {
          const id = idOf(tab, index);
          return (
            <button key={id} type="button" role="tab" aria-selected={id === current} disabled={tab.props.disabled}
              className={cx('hs-tabs__tab', id === current && 'hs-tabs__tab--selected')}
              onClick={() => { setOwn(id); (props.onSelectedChange as ((v: string | number) => void) | undefined)?.(tab.props.tabId ?? index); }}>
              {tab.props.title}
            </button>
          );
        })}
      </div>
      {tabs.filter((tab, index) => idOf(tab, index) === current)}
    </div>
  );
}

export function Accordion(props: Children & { title: string; defaultOpen?: boolean; open?: boolean; disabled?: boolean; onClick?: () => void }) {
  return (
    <details {...tid(props.testId)} className="hs-accordion" open={props.open ?? props.defaultOpen} onToggle={() => props.onClick?.()}>
      <summary className="hs-accordion__title">{props.title}</summary>
      <div className="hs-accordion__body">{props.children}</div>
    </details>
  );
}

type ChartProps = Children & {
  data: Array<Record<string, number | string>> | { data: Array<Record<string, number | string>> };
  axes: { x: { field: string; label?: string }; y: { field: string; label?: string } };
  options?: { title?: string };
};

/**
 * Charts, simply: the preview draws each data row as a labelled bar whose length is the value
 * against the largest one (HubSpot draws the real chart). A line chart is shown the same way.
 */
function SimpleChart(props: ChartProps & { kind: 'bar' | 'line' }) {
  const rows = Array.isArray(props.data) ? props.data : props.data.data;
  const values = rows.map((r) => Number(r[props.axes.y.field] ?? 0));
  const max = Math.max(0, ...values.map(Math.abs));
  return (
    <figure {...tid(props.testId)} className={cx('hs-chart', `hs-chart--${props.kind}`)}>
      {props.options?.title ? <figcaption className="hs-chart__title">{props.options.title}</figcaption> : null}
      {rows.map((row, i) => (
        <div key={i} className="hs-chart__row">
          <span className="hs-chart__label">{String(row[props.axes.x.field] ?? '')}</span>
          <span className="hs-chart__bar" style={{ display: 'inline-block', height: '0.6em', background: '#516f90', width: `${max === 0 ? 0 : (Math.abs(values[i] ?? 0) / max) * 100}%`, maxWidth: '60%' }} />
          <span className="hs-chart__value">{String(row[props.axes.y.field] ?? '')}</span>
        </div>
      ))}
    </figure>
  );
}

export function BarChart(props: ChartProps) {
  return <SimpleChart {...props} kind="bar" />;
}

export function LineChart(props: ChartProps) {
  return <SimpleChart {...props} kind="line" />;
}
