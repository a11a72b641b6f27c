// The app shell: sign-in, the header with who I am, the screens by route (hash routes, so the
// filters of a screen live in its URL), session expiry. Every screen is a FHIR client with the
// user's token; what the API refuses, the screen says it may not show.
import { html, nothing } from 'lit';
import * as auth from './auth.js';
import { FhirClient } from './fhir.js';
import { formatDateTime } from './format.js';
import { LightElement, apiProblem, setTitle } from './ui.js';
import './screens/find-patient.js';
import './screens/care-plan.js';
import './screens/worklist.js';
import './screens/referrals.js';
import './screens/kpis.js';
import './screens/population.js';
import { launchRoute } from './launch.js';

const ROLE_NAMES = {
  gp: 'GP',
  'practice-nurse': 'Practice nurse',
  'community-nurse': 'Community nurse',
  specialist: 'Specialist',
  'social-worker': 'Social worker',
  'care-home-staff': 'Care home staff',
  'care-coordinator': 'Care coordinator',
  commissioner: 'Commissioner',
  'content-author': 'Content author',
  'privacy-officer': 'Privacy officer',
  'urgent-care': 'Urgent care',
};

// What each role opens most days (a convenience: the API decides what each call may see).
const NAVIGATION = [
  { route: '/worklist', label: 'My worklist', roles: ['care-coordinator', 'gp', 'practice-nurse', 'community-nurse', 'specialist', 'social-worker', 'care-home-staff'] },
  { route: '/patients', label: 'Find a patient', roles: ['care-coordinator', 'gp', 'practice-nurse', 'community-nurse', 'specialist', 'social-worker', 'care-home-staff', 'privacy-officer'] },
  { route: '/referrals/inbox', label: 'Referral inbox', roles: ['community-nurse', 'specialist', 'social-worker', 'care-coordinator'] },
  { route: '/referrals/sent', label: 'Sent referrals', roles: ['gp', 'practice-nurse', 'care-coordinator'] },
  { route: '/population', label: 'Population', roles: ['care-coordinator', 'gp'] },
  { route: '/kpis', label: 'KPIs', roles: ['commissioner', 'care-coordinator'] },
];

class CarepathApp extends LightElement {
  static properties = {
    session: { state: true },
    organisation: { state: true },
    route: { state: true },
    ended: { state: true },
    failure: { state: true },
    ready: { state: true },
  };

  constructor() {
    super();
    this.route = location.hash;
    this.fhir = new FhirClient('/fhir', () => this.session?.token, () => this.endSession());
    window.addEventListener('hashchange', () => {
      if (location.hash.startsWith('#/') || location.hash === '') this.route = location.hash;
    });
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      await auth.configure();
      const returnTo = await auth.completeSignIn();
      if (returnTo !== undefined) history.replaceState(null, '', `/app/${returnTo}`);
      this.session = await auth.session();
      if (this.session) {
        const launched = await launchRoute(this.fhir);
        if (launched) history.replaceState(null, '', `/app/${launched}`);
        this.route = location.hash;
        this.watchExpiry();
        this.loadOrganisation();
      } else if (location.pathname === '/launch') {
        // A launch needs a signed-in user; sign in first, then come back to it.
        const launch = new URLSearchParams(location.search);
        await auth.signIn(`#/launch${location.search}`, { launch: launch.get('launch'), aud: launch.get('iss') });
        return;
      }
    } catch (error) {
      this.failure = error;
    }
    this.ready = true;
  }

  watchExpiry() {
    clearTimeout(this.expiryTimer);
    const wait = this.session.expiresAt.getTime() - Date.now();
    this.expiryTimer = setTimeout(() => this.endSession(), Math.max(0, Math.min(wait, 2 ** 31 - 1)));
  }

  endSession() {
    this.ended = true;
  }

  async loadOrganisation() {
    const ods = this.session.organisation;
    if (!ods) return;
    try {
      const found = await this.fhir.search(
        `Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|${encodeURIComponent(ods)}`,
        1,
      );
      this.organisation = found[0];
    } catch {
      this.organisation = undefined; // shown by its ODS code
    }
  }

  defaultRoute() {
    const roles = this.session?.roles ?? [];
    if (roles.includes('commissioner')) return '/kpis';
    if (roles.includes('care-coordinator')) return '/worklist';
    return '/patients';
  }

  render() {
    if (!this.ready) return html`<main class="nhsuk-main-wrapper nhsuk-width-container"><p class="nhsuk-body">Loading…</p></main>`;
    return html`
      <a class="nhsuk-skip-link" href="#maincontent" @click=${this.skipToMain}>Skip to main content</a>
      ${this.header()}
      <div class="nhsuk-width-container">
        <main class="nhsuk-main-wrapper" id="maincontent" tabindex="-1">${this.main()}</main>
      </div>
      <footer class="cp-footer"><div class="nhsuk-width-container"><p class="nhsuk-body-s">Carepath — integrated care pathways on FHIR R4. What you may see is decided by the API for your organisation and role; every view of a record is audited.</p></div></footer>`;
  }

  skipToMain(event) {
    event.preventDefault();
    this.querySelector('#maincontent')?.focus();
  }

  header() {
    const session = this.session;
    const roles = session?.roles ?? [];
    const items = NAVIGATION.filter((item) => item.roles.some((r) => roles.includes(r)));
    const current = this.currentPath();
    return html`<header class="nhsuk-header cp-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-name" href="#/">Carepath</a>
        </div>
        ${session
          ? html`<nav class="cp-account" aria-label="Account">
              <span id="signed-in-as">${session.name} · ${roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')} · ${this.organisation?.name ?? session.organisation ?? 'no organisation'}</span>
              <span class="cp-account__expiry">Signed in until ${formatDateTime(session.expiresAt)}</span>
              <button class="cp-link-button" type="button" @click=${() => auth.signOut()}>Sign out</button>
            </nav>`
          : nothing}
      </div>
      ${items.length
        ? html`<nav class="nhsuk-header__navigation cp-navigation" aria-label="Menu">
            <div class="nhsuk-width-container">
              <ul class="nhsuk-header__navigation-list">
                ${items.map(
                  (item) => html`<li class="nhsuk-header__navigation-item ${current.startsWith(item.route) ? 'nhsuk-header__navigation-item--current' : ''}">
                    <a class="nhsuk-header__navigation-link" href="#${item.route}" aria-current=${current.startsWith(item.route) ? 'page' : nothing}>${item.label}</a>
                  </li>`,
                )}
              </ul>
            </div>
          </nav>`
        : nothing}
    </header>`;
  }

  currentPath() {
    const hash = this.route ?? '';
    const path = hash.startsWith('#/') ? hash.slice(1).split('?')[0] : '';
    return path && path !== '/' ? path : this.defaultRoute();
  }

  main() {
    if (this.failure) return apiProblem(this.failure);
    if (this.ended) {
      setTitle('Session ended');
      return html`<h1>Your session has ended</h1>
        <p class="nhsuk-body">For your patients' safety you are signed out after a while. Sign in again to carry on where you were.</p>
        <button class="nhsuk-button" type="button" @click=${() => auth.signIn(location.hash)}>Sign in again</button>`;
    }
    if (!this.session) return this.signInPage();
    const path = this.currentPath();
    const context = { fhir: this.fhir, session: this.session, organisation: this.organisation };
    if (path.startsWith('/patient/')) {
      return html`<cp-care-plan .context=${context} .patientId=${decodeURIComponent(path.slice('/patient/'.length))}></cp-care-plan>`;
    }
    switch (path) {
      case '/patients':
        return html`<cp-find-patient .context=${context}></cp-find-patient>`;
      case '/worklist':
        return html`<cp-worklist .context=${context}></cp-worklist>`;
      case '/referrals/inbox':
        return html`<cp-referral-inbox .context=${context}></cp-referral-inbox>`;
      case '/referrals/sent':
        return html`<cp-sent-referrals .context=${context}></cp-sent-referrals>`;
      case '/kpis':
        return html`<cp-kpis .context=${context}></cp-kpis>`;
      case '/population':
        return html`<cp-population .context=${context}></cp-population>`;
      default:
        setTitle('Page not found');
        return html`<h1>Page not found</h1><p class="nhsuk-body"><a href="#/">Go to your start page</a></p>`;
    }
  }

  signInPage() {
    setTitle('Sign in');
    return html`<h1>Carepath</h1>
      <p class="nhsuk-lede-text">One shared care plan per person, the care pathways you work on, and the referrals between your organisations.</p>
      <p class="nhsuk-body">Sign in with your organisation's account. You will see the people you care for and the work of your organisation, as your role allows.</p>
      <button class="nhsuk-button" type="button" id="sign-in" @click=${() => auth.signIn(location.hash)}>Sign in</button>`;
  }
}

customElements.define('cp-app', CarepathApp);
