// The KPI dashboard (commissioners): a pathway Measure by GP practice for a period — a bar chart
// with 95% confidence intervals, a funnel plot against the system mean with 95% and 99.8% limits,
// the trend by month, the table beside each chart, small numbers withheld by the server shown as
// such, and a CSV download. Each chart is an image with a text alternative; the table says it all.
import { html, svg, nothing } from 'lit';
import { formatDate } from '../format.js';
import { Z95, Z998, funnelLimits, funnelPosition, percent, wilson } from '../stats.js';
import { LightElement, apiProblem, loading, routeQuery, setRouteQuery, setTitle } from '../ui.js';

const MASKED = 'masked';

function populationCount(populations, code) {
  const p = populations?.find((x) => x.code?.coding?.some((c) => c.code === code));
  if (!p) return undefined;
  if (p._count?.extension?.some((e) => e.valueCode === MASKED)) return MASKED;
  return p.count;
}

/** The report's overall figure and one row per practice. */
export function reportRows(report) {
  const group = report?.group?.[0];
  const overall = {
    denominator: populationCount(group?.population, 'denominator'),
    numerator: populationCount(group?.population, 'numerator'),
  };
  const strata = group?.stratifier?.[0]?.stratum ?? [];
  const rows = strata.map((s) => ({
    practice: s.value?.text ?? '',
    denominator: populationCount(s.population, 'denominator'),
    numerator: populationCount(s.population, 'numerator'),
  }));
  return { overall, rows };
}

const shown = (row) => typeof row.denominator === 'number' && typeof row.numerator === 'number' && row.denominator > 0;

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

class Kpis extends LightElement {
  static properties = {
    context: { attribute: false },
    measures: { state: true },
    areas: { state: true },
    report: { state: true },
    trend: { state: true },
    names: { state: true },
    problem: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    setTitle('KPIs');
    const query = routeQuery();
    const today = new Date();
    const yearAgo = new Date(today.getTime() - 365 * 24 * 3600 * 1000);
    this.filters = {
      measure: query.get('measure') ?? '',
      start: query.get('start') ?? isoDay(yearAgo),
      end: query.get('end') ?? isoDay(today),
      area: query.get('area') ?? '',
    };
    this.loadMeasures();
  }

  async loadMeasures() {
    try {
      this.measures = await this.context.fhir.search('Measure?_elements=id,title,name&_count=100', 1);
      // Places and PCNs to report on (everyone when none is chosen).
      this.areas = await this.context.fhir.search(
        'Organization?type=https://fhir.carepath.org/CodeSystem/organisation-type|place,pcn&_elements=name&_count=100',
        1,
      );
      if (!this.filters.measure && this.measures.length) this.filters.measure = this.measures[0].id;
      await this.evaluate();
    } catch (error) {
      this.problem = error;
    }
  }

  async evaluate() {
    const { measure, start, end, area } = this.filters;
    setRouteQuery('/kpis', this.filters);
    const subject = area ? `&subject=Organization/${encodeURIComponent(area)}` : '';
    this.report = undefined;
    this.trend = undefined;
    try {
      const fhir = this.context.fhir;
      this.report = await fhir.read(`Measure/${encodeURIComponent(measure)}/$evaluate-measure?periodStart=${start}&periodEnd=${end}${subject}`);
      const orgIds = reportRows(this.report).rows.map((r) => r.practice.split('/')[1]).filter(Boolean);
      if (orgIds.length) {
        const orgs = await fhir.search(`Organization?_id=${orgIds.join(',')}&_elements=name`, 1);
        this.names = new Map(orgs.map((o) => [`Organization/${o.id}`, o.name]));
      }
      this.trend = await this.monthly(measure, end, subject);
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
  }

  /** The last six calendar months, one evaluation each. */
  async monthly(measure, end, subject) {
    const last = new Date(`${end}T12:00:00Z`);
    const months = [];
    for (let i = 5; i >= 0; i--) {
      const first = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - i, 1));
      const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
      months.push({ first, lastDay });
    }
    const reports = await Promise.all(
      months.map(({ first, lastDay }) =>
        this.context.fhir.read(`Measure/${encodeURIComponent(measure)}/$evaluate-measure?periodStart=${isoDay(first)}&periodEnd=${isoDay(lastDay)}${subject}`),
      ),
    );
    return reports.map((r, i) => ({
      month: new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(months[i].first),
      ...reportRows(r).overall,
    }));
  }

  change(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.filters = { measure: form.get('measure'), start: form.get('start'), end: form.get('end'), area: form.get('area') };
    this.evaluate();
  }

  render() {
    const measure = this.measures?.find((m) => m.id === this.filters.measure);
    return html`${apiProblem(this.problem)}
      <h1>KPIs</h1>
      <form class="cp-filters" @submit=${this.change}>
        <div class="nhsuk-form-group cp-filter"><label class="nhsuk-label" for="measure">Measure</label>
          <select class="nhsuk-select" id="measure" name="measure">${(this.measures ?? []).map((m) => html`<option value=${m.id} ?selected=${m.id === this.filters.measure}>${m.title ?? m.name}</option>`)}</select></div>
        <div class="nhsuk-form-group cp-filter"><label class="nhsuk-label" for="area">For</label>
          <select class="nhsuk-select" id="area" name="area"><option value="" ?selected=${!this.filters.area}>Every practice</option>${(this.areas ?? []).map((o) => html`<option value=${o.id} ?selected=${o.id === this.filters.area}>${o.name}</option>`)}</select></div>
        <div class="nhsuk-form-group cp-filter"><label class="nhsuk-label" for="start">From</label>
          <input class="nhsuk-input" type="date" id="start" name="start" .value=${this.filters.start}></div>
        <div class="nhsuk-form-group cp-filter"><label class="nhsuk-label" for="end">To</label>
          <input class="nhsuk-input" type="date" id="end" name="end" .value=${this.filters.end}></div>
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">Show</button>
      </form>
      ${this.report ? this.dashboard(measure) : this.problem ? nothing : loading('the measure')}`;
  }

  practiceName(reference) {
    return this.names?.get(reference) ?? reference;
  }

  dashboard(measure) {
    const { overall, rows } = reportRows(this.report);
    const mean = shown(overall) ? overall.numerator / overall.denominator : undefined;
    const title = measure?.title ?? this.filters.measure;
    return html`
      <h2 id="kpi-title">${title}</h2>
      <p class="nhsuk-body">${formatDate(this.filters.start)} to ${formatDate(this.filters.end)}.
        Overall: ${shown(overall) ? html`<strong>${percent(mean)}</strong> (${overall.numerator} of ${overall.denominator})` : overall.denominator === MASKED ? 'withheld (fewer than 5 people)' : 'no one in the period'}.</p>
      <p class="nhsuk-body-s">Counts of 1 to 4 are withheld to protect privacy and shown as “withheld”.</p>
      <div class="cp-chart-pair">
        <figure class="cp-chart">${this.barChart(rows)}<figcaption class="nhsuk-body-s">By GP practice, with 95% confidence intervals.</figcaption></figure>
        ${this.table(rows)}
      </div>
      <h3>Funnel plot</h3>
      <figure class="cp-chart">${mean !== undefined ? this.funnel(rows, mean) : html`<p class="nhsuk-body">No overall figure to compare practices with.</p>`}
        <figcaption class="nhsuk-body-s">Each practice's proportion against its number of people; the lines are the system mean and its 95% and 99.8% limits.</figcaption></figure>
      <h3>Trend by month</h3>
      ${this.trend ? this.trendTable() : loading('the trend')}
      <p class="nhsuk-body"><a href=${this.csvHref(rows)} download="${this.filters.measure}-${this.filters.start}-${this.filters.end}.csv" id="csv">Download the table (CSV)</a></p>`;
  }

  table(rows) {
    const cell = (v) => (v === MASKED ? html`<span class="cp-withheld">withheld</span>` : v ?? '');
    return html`<table class="nhsuk-table" id="kpi-table">
      <caption class="nhsuk-table__caption">By GP practice</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Practice</th><th scope="col" class="nhsuk-table__header--numeric">People</th><th scope="col" class="nhsuk-table__header--numeric">Met</th><th scope="col" class="nhsuk-table__header--numeric">%</th><th scope="col" class="nhsuk-table__header--numeric">95% CI</th></tr></thead>
      <tbody class="nhsuk-table__body">
        ${rows.map((r) => {
          const ci = shown(r) ? wilson(r.numerator, r.denominator) : undefined;
          return html`<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell">${this.practiceName(r.practice)}</th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${cell(r.denominator)}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${cell(r.numerator)}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${shown(r) ? percent(r.numerator / r.denominator) : cell(r.denominator === MASKED || r.numerator === MASKED ? MASKED : '')}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${ci ? `${percent(ci.lower)} to ${percent(ci.upper)}` : ''}</td></tr>`;
        })}
      </tbody>
    </table>`;
  }

  barChart(rows) {
    const width = 480;
    const rowHeight = 28;
    const left = 170;
    const height = rows.length * rowHeight + 30;
    const x = (p) => left + p * (width - left - 20);
    const described = rows
      .map((r) => `${this.practiceName(r.practice)}: ${shown(r) ? percent(r.numerator / r.denominator) : 'withheld or none'}`)
      .join('; ');
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="bar-title" class="cp-svg" id="bar-chart">
      <title id="bar-title">Bar chart by GP practice. ${described}</title>
      ${rows.map((r, i) => {
        const y = i * rowHeight + 4;
        const label = svg`<text x="0" y=${y + 16} class="cp-svg__label">${this.practiceName(r.practice)}</text>`;
        if (!shown(r)) return svg`${label}<text x=${left} y=${y + 16} class="cp-svg__muted">${r.denominator === MASKED || r.numerator === MASKED ? 'withheld' : 'none'}</text>`;
        const p = r.numerator / r.denominator;
        const ci = wilson(r.numerator, r.denominator);
        return svg`${label}<rect x=${left} y=${y + 4} width=${x(p) - left} height="16" class="cp-svg__bar"></rect>
          <line x1=${x(ci.lower)} x2=${x(ci.upper)} y1=${y + 12} y2=${y + 12} class="cp-svg__ci"></line>`;
      })}
      <line x1=${left} x2=${left} y1="0" y2=${height - 24} class="cp-svg__axis"></line>
      ${[0, 0.5, 1].map((t) => svg`<text x=${x(t)} y=${height - 8} text-anchor="middle" class="cp-svg__muted">${t * 100}%</text>`)}
    </svg>`;
  }

  funnel(rows, mean) {
    const points = rows.filter(shown);
    const width = 480;
    const height = 260;
    const pad = 40;
    const maxN = Math.max(10, ...points.map((r) => r.denominator)) * 1.1;
    const x = (n) => pad + (n / maxN) * (width - pad - 10);
    const y = (p) => height - pad - p * (height - pad - 10);
    const curve = (z, side) => {
      const parts = [];
      for (let n = 2; n <= maxN; n += Math.max(1, maxN / 60)) {
        const l = funnelLimits(mean, n, z);
        parts.push(`${x(n).toFixed(1)},${y(side === 'upper' ? l.upper : l.lower).toFixed(1)}`);
      }
      return parts.join(' ');
    };
    const described = points
      .map((r) => `${this.practiceName(r.practice)} ${percent(r.numerator / r.denominator)} of ${r.denominator}, ${funnelPosition(r.numerator, r.denominator, mean).replace('-', ' the ')}`)
      .join('; ');
    return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="funnel-title" class="cp-svg" id="funnel">
      <title id="funnel-title">Funnel plot, system mean ${percent(mean)}. ${described || 'No practice has figures to show.'}</title>
      <line x1=${pad} x2=${width - 10} y1=${y(mean)} y2=${y(mean)} class="cp-svg__mean"></line>
      ${['upper', 'lower'].map((side) => svg`<polyline points=${curve(Z95, side)} class="cp-svg__limit95"></polyline><polyline points=${curve(Z998, side)} class="cp-svg__limit998"></polyline>`)}
      ${points.map((r) => svg`<circle cx=${x(r.denominator)} cy=${y(r.numerator / r.denominator)} r="5" class="cp-svg__point cp-svg__point--${funnelPosition(r.numerator, r.denominator, mean)}"></circle>`)}
      <line x1=${pad} x2=${pad} y1="10" y2=${height - pad} class="cp-svg__axis"></line>
      <line x1=${pad} x2=${width - 10} y1=${height - pad} y2=${height - pad} class="cp-svg__axis"></line>
      <text x=${width / 2} y=${height - 8} text-anchor="middle" class="cp-svg__muted">People in the practice</text>
      ${[0, 0.5, 1].map((t) => svg`<text x="4" y=${y(t) + 4} class="cp-svg__muted">${t * 100}%</text>`)}
    </svg>`;
  }

  trendTable() {
    return html`<table class="nhsuk-table" id="trend">
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Trend by month</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Month</th><th scope="col" class="nhsuk-table__header--numeric">People</th><th scope="col" class="nhsuk-table__header--numeric">Met</th><th scope="col" class="nhsuk-table__header--numeric">%</th></tr></thead>
      <tbody class="nhsuk-table__body">${this.trend.map((m) => html`<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell">${m.month}</th>
        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${m.denominator === MASKED ? 'withheld' : m.denominator ?? 0}</td>
        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${m.numerator === MASKED ? 'withheld' : m.numerator ?? 0}</td>
        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${shown(m) ? percent(m.numerator / m.denominator) : ''}</td></tr>`)}</tbody>
    </table>`;
  }

  csvHref(rows) {
    const quote = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines = [['practice', 'people', 'met', 'percent'].join(',')].concat(
      rows.map((r) =>
        [quote(this.practiceName(r.practice)), r.denominator === MASKED ? 'withheld' : r.denominator, r.numerator === MASKED ? 'withheld' : r.numerator, shown(r) ? ((100 * r.numerator) / r.denominator).toFixed(1) : ''].join(','),
      ),
    );
    return `data:text/csv;charset=utf-8,${encodeURIComponent(lines.join('\n'))}`;
  }
}

customElements.define('cp-kpis', Kpis);
