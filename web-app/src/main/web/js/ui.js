// Shared pieces of the screens: light-DOM elements (so the NHS.UK styles apply), tags, error
// summaries that take focus, and the page title every screen sets.
import { LitElement, html, nothing } from 'lit';

export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/**
 * A screen about the user's organisation: it sets its title, then calls `load()` once the user's
 * organisation is known (read by the shell after sign-in) and again if it changes.
 */
export class OrganisationScreen extends LightElement {
  connectedCallback() {
    super.connectedCallback();
    setTitle(this.constructor.screenTitle);
    this.loadForOrganisation();
  }

  updated(changed) {
    if (changed.has('context')) this.loadForOrganisation();
  }

  loadForOrganisation() {
    const id = this.context?.organisation?.id;
    if (id && id !== this.loadedFor) {
      this.loadedFor = id;
      this.load();
    }
  }
}

/** An NHS.UK tag: <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>. */
export function tag({ label, colour }) {
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${label}</strong>`;
}

/**
 * An error summary: `errors` are { text, field? } (a field id makes the message a link to it).
 * Call `focusErrorSummary(element)` after rendering so a screen reader hears it at once.
 */
export function errorSummary(errors, title = 'There is a problem') {
  if (!errors?.length) return nothing;
  return html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">${title}</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
        ${errors.map((e) =>
          e.field ? html`<li><a href="#${e.field}" @click=${focusField(e.field)}>${e.text}</a></li>` : html`<li>${e.text}</li>`,
        )}
      </ul>
    </div>
  </div>`;
}

function focusField(id) {
  return (event) => {
    event.preventDefault();
    document.getElementById(id)?.focus();
  };
}

export async function focusErrorSummary(element) {
  await element.updateComplete;
  element.querySelector('.nhsuk-error-summary')?.focus();
}

/** A failed API call shown in plain English; 403 is "you do not have access". */
export function apiProblem(error) {
  if (!error) return nothing;
  const title = error.status === 403 ? 'You do not have access' : 'There is a problem';
  return errorSummary([{ text: error.message }], title);
}

export function loading(what) {
  return html`<p class="nhsuk-body" role="status">Loading ${what}…</p>`;
}

/** Sets the document title as NHS services do: "Page - Carepath". */
export function setTitle(page) {
  document.title = page ? `${page} - Carepath` : 'Carepath';
}

/** The route's query (the part of the hash after "?"), so filters live in the URL. */
export function routeQuery() {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

export function setRouteQuery(path, params) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== ''),
  ).toString();
  const target = `#${path}${query ? `?${query}` : ''}`;
  if (location.hash !== target) history.replaceState(null, '', target);
}
