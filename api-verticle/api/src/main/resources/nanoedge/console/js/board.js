// The live visits board: the latest visits with their timelines and journeys, kept current by the API's
// Server-Sent Events stream; a visit waiting at the entrance gets an Admit form (which meeting, which person or guest).
import { api, all } from './api.js';
import { h, field, select, showError, clearErrors, toast, when } from './dom.js';

const SHOWN = 30;

function kind(visit) {
  if (visit.status.startsWith('NOT ')) return 'failed';
  if (visit.status === 'SCANNED' && !(visit.journeys || []).length) return 'pending';
  if (visit.status === 'AUTHENTICATED') return 'done';
  return 'moving';
}

function badge(status) {
  const cls = status.startsWith('NOT ') ? '.bad' : status === 'PRESENTED' || status === 'GUIDED'
    || status === 'AUTHENTICATED' ? '.ok' : status === 'SCANNED' ? '.warn' : '';
  return h(`span.badge${cls}`, {}, status);
}

function timeline(lines) {
  return h('ol.timeline', {}, (lines || []).map(l => h('li', {},
    h('time', { dateTime: l.at }, when(l.at, false)), h('span', {}, l.status), l.reason ? h('span.hint', {},
      l.reason) : null)));
}

export async function boardScreen(box, session) {
  const persons = new Map((await all('/api/persons')).map(p => [p.id, p.name]));
  const cards = new Map();
  const list = h('div.visits', { 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const live = h('span.live', {}, 'connecting…');
  box.append(h('div.row', {}, h('h1', {}, 'Live board'), live), list);

  function name(journey) {
    return journey.guestName ? `${journey.guestName} (guest)` : persons.get(journey.personId)
      || `person ${journey.personId}`;
  }

  function render(visit, fresh) {
    const k = kind(visit);
    const card = h(`article.visit.${k}${fresh ? '.fresh' : ''}`, { 'aria-label': `Visit ${visit.id}`,
      dataset: { visit: visit.id, status: visit.status } },
      h('div.row', {}, h('strong', {}, visit.id), badge(visit.status),
        h('span.hint', {}, `${visit.location || ''} · ${when(visit.createdAt)}`)),
      timeline(visit.timeline),
      (visit.journeys || []).map(j => h('div.journey', { dataset: { journey: j.id } },
        h('div.row', {}, h('span', {}, `→ ${name(j)}`), badge(j.status)), timeline(j.timeline))),
      k === 'pending' ? h('button', { type: 'button', onclick: e => admitForm(visit, e.target) }, 'Admit…') : null);
    const old = cards.get(visit.id);
    if (old) old.replaceWith(card);
    else list.prepend(card);
    cards.set(visit.id, card);
    while (cards.size > SHOWN) {
      const [oldest] = cards.keys();
      cards.get(oldest).remove();
      cards.delete(oldest);
    }
  }

  async function admitForm(visit, button) {
    const now = Date.now();
    const events = (await api('GET', `/api/events?from=${new Date(now - 12 * 3600e3).toISOString()}`
      + `&to=${new Date(now + 24 * 3600e3).toISOString()}&state=scheduled&limit=100`)).items;
    const eventSelect = select('eventId', events.map(e => [e.id, `${e.title} · ${when(e.start)}`]));
    const whoSelect = h('select', { name: 'who' });
    const guestBox = field('Guest name', 'guestName', { maxLength: 100 });
    const form = h('form', { novalidate: true, 'aria-label': `Admit to visit ${visit.id}` },
      field('Meeting', 'eventId', {}, eventSelect),
      field('Admit', 'personId', {}, whoSelect), guestBox,
      h('div.row', {}, h('button', { type: 'submit' }, 'Admit'),
        h('button.secondary', { type: 'button', onclick: () => { form.replaceWith(button); button.focus(); } },
          'Cancel')));
    async function fillWho() {
      const id = eventSelect.value;
      const options = [];
      if (id) {
        const [participants, guests] = await Promise.all([api('GET', `/api/events/${id}/participants`),
          api('GET', `/api/events/${id}/guests`)]);
        participants.participants.forEach(p => options.push([`p:${p.personId}`, p.name]));
        guests.guests.forEach(g => options.push([`g:${g}`, `${g} (guest)`]));
      }
      options.push(['g:', 'Another guest…']);
      whoSelect.replaceChildren(...options.map(([v, t]) => h('option', { value: v }, t)));
      guestBox.hidden = whoSelect.value !== 'g:';
    }
    eventSelect.addEventListener('change', fillWho);
    whoSelect.addEventListener('change', () => { guestBox.hidden = whoSelect.value !== 'g:'; });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      clearErrors(form);
      const data = new FormData(form);
      const who = data.get('who') || 'g:';
      const body = { eventId: Number(data.get('eventId')) || undefined };
      if (who.startsWith('p:')) body.personId = Number(who.slice(2));
      else body.guestName = who.length > 2 ? who.slice(2) : (data.get('guestName') || '').trim();
      try {
        const result = await api('POST', `/api/visits/${encodeURIComponent(visit.id)}/admit`, body);
        toast(`Admitted to visit ${result.visitId || visit.id}.`);
        render(await api('GET', `/api/visits/${encodeURIComponent(visit.id)}`), true);
      } catch (error) {
        showError(form, error);
      }
    });
    button.replaceWith(form);
    if (!events.length) showError(form, { message: 'No meeting of yours is on around now.' });
    await fillWho();
    eventSelect.focus();
  }

  async function load() {
    const page = await api('GET', `/api/visits?limit=${SHOWN}`);
    const visits = await Promise.all(page.items.map(v => api('GET', `/api/visits/${encodeURIComponent(v.id)}`)
      .catch(() => null)));
    list.replaceChildren();
    cards.clear();
    visits.filter(Boolean).reverse().forEach(v => render(v, false));
    if (!visits.length) list.append(h('p.hint', {}, 'No visits yet.'));
  }

  await load();
  const source = new EventSource('/api/board/events');
  source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
  source.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.classList.remove('on'); });
  source.addEventListener('visit', e => {
    const empty = list.querySelector('p.hint');
    if (empty) empty.remove();
    render(JSON.parse(e.data), true);
  });
  source.addEventListener('resync', () => load());
  return () => source.close();
}
