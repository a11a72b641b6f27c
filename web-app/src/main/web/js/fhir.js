// The app's only way to the data: FHIR over HTTP with the user's bearer token.

/** A refused or failed call, with the OperationOutcome's words when the server sent one. */
export class FhirError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

function outcomeText(body) {
  if (body?.resourceType !== 'OperationOutcome') return undefined;
  return (body.issue ?? [])
    .map((issue) => issue.diagnostics ?? issue.details?.text)
    .filter(Boolean)
    .join(' ');
}

function plainWords(status) {
  switch (status) {
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return 'You do not have access to this.';
    case 404:
      return 'Not found, or not a record you can see.';
    case 412:
      return 'Someone else changed this since you opened it.';
    default:
      return status >= 500 ? 'Something went wrong on the server. Try again.' : `Refused (${status}).`;
  }
}

export class FhirClient {
  /** @param tokenSource a function answering the current access token */
  constructor(base, tokenSource, onSessionEnded) {
    this.base = base;
    this.tokenSource = tokenSource;
    this.onSessionEnded = onSessionEnded;
  }

  async request(method, path, { body, headers = {} } = {}) {
    const response = await fetch(`${this.base}/${path}`, {
      method,
      headers: {
        Accept: 'application/fhir+json',
        Authorization: `Bearer ${this.tokenSource()}`,
        ...(body ? { 'Content-Type': 'application/fhir+json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      if (response.status === 401) this.onSessionEnded?.();
      const words = outcomeText(json);
      throw new FhirError(
        response.status,
        words ? `${plainWords(response.status)} ${words}` : plainWords(response.status),
        json,
      );
    }
    return { body: json, etag: response.headers.get('ETag'), status: response.status, headers: response.headers };
  }

  async read(path) {
    return (await this.request('GET', path)).body;
  }

  /** Every resource of a search Bundle (following `next` links up to `maxPages`). */
  async search(path, maxPages = 5) {
    const resources = [];
    let next = path;
    for (let page = 0; next && page < maxPages; page++) {
      const bundle = await this.read(next);
      for (const entry of bundle.entry ?? []) {
        if (entry.search?.mode !== 'include' && entry.resource) resources.push(entry.resource);
      }
      const link = bundle.link?.find((l) => l.relation === 'next')?.url;
      next = link ? relative(link) : undefined;
    }
    return resources;
  }

  /** A search's matches and what it included (by "Type/id"), first page only. */
  async searchIncluding(path) {
    const bundle = await this.read(path);
    const matches = [];
    const included = new Map();
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (!resource) continue;
      if (entry.search?.mode === 'include') included.set(`${resource.resourceType}/${resource.id}`, resource);
      else matches.push(resource);
    }
    return { matches, included };
  }

  /** Updates a resource only if it is still the version the user saw (If-Match). */
  async update(resource, versionId) {
    const headers = versionId ? { 'If-Match': `W/"${versionId}"` } : {};
    return (await this.request('PUT', `${resource.resourceType}/${resource.id}`, { body: resource, headers })).body;
  }

  async create(resource) {
    return (await this.request('POST', resource.resourceType, { body: resource })).body;
  }

  async operation(path, parameters = { resourceType: 'Parameters' }, headers = {}) {
    return this.request('POST', path, { body: parameters, headers });
  }
}

function relative(link) {
  const url = new URL(link, location.origin);
  return url.pathname.replace(/^\/fhir\/?/, '') + url.search;
}

/** Reads the ids out of references: "Patient/12" → "12". */
export function idOf(reference) {
  const value = typeof reference === 'string' ? reference : reference?.reference;
  return value ? value.slice(value.lastIndexOf('/') + 1) : undefined;
}
