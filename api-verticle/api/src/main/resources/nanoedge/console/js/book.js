// The booking form: from a template (title, length, documents, guests), room and time, participants found by name,
// documents uploaded after the meeting is stored, guests expected without a tag.
import { api, all } from './api.js';
import { h, field, select, showError, clearErrors, toast } from './dom.js';

function pad(n) {
  return String(n).padStart(2, '0');
}

export function bookingForm(session, { rooms, templates, roomId, start, onDone, onCancel }) {
  const chosen = new Map();
  const chips = h('div.chips', { 'aria-live': 'polite' });
  const results = h('ul.results');
  const docsHint = h('div.hint');
  const search = h('input', { name: 'participantSearch', type: 'search', autocomplete: 'off',
    placeholder: 'Type a name' });
  const templateSelect = select('template', [['', '— none —'], ...templates.map(t => [t.id, t.name])]);
  const date = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
  const time = `${pad(start.getHours())}:${pad(start.getMinutes())}`;
  const form = h('form.card', { novalidate: true, 'aria-label': 'Book a meeting' },
    h('h2', {}, 'Book a meeting'),
    h('div.grid2', {},
      field('Template', 'template', {}, templateSelect),
      field('Title', 'title', { required: true }),
      field('Room', 'roomId', {}, select('roomId', rooms.map(r => [r.id, r.name]))),
      field('Date', 'date', { type: 'date', value: date, required: true }),
      field('Start', 'start', { type: 'time', value: time, step: 300, required: true }),
      field('Length (minutes)', 'end', { type: 'number', min: 5, max: 1440, step: 5, value: 60, name: 'minutes' })),
    field('Participants', 'participantIds', {}, search),
    results, chips,
    field('Documents (shown on the room display to the first arrival)', 'documents',
      { type: 'file', multiple: true }),
    docsHint,
    field('Guests expected without a tag (one name per line)', 'guests', {}, h('textarea', { name: 'guests' })),
    h('div.row', {}, h('button', { type: 'submit' }, 'Book'),
      h('button.secondary', { type: 'button', onclick: onCancel }, 'Cancel')));
  form.querySelector('[name="roomId"]').value = String(roomId);

  let persons = [];
  // What the host typed before the list arrived is searched again once it is here (a fast typist saw no match).
  all('/api/persons').then(list => { persons = list; search.dispatchEvent(new Event('input')); });
  function renderChips() {
    chips.replaceChildren(...[...chosen.values()].map(p => h('span.chip', {}, p.name,
      h('button', { type: 'button', 'aria-label': `Remove ${p.name}`,
        onclick: () => { chosen.delete(p.id); renderChips(); search.focus(); } }, '×'))));
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    const found = q ? persons.filter(p => !chosen.has(p.id)
      && (p.name.toLowerCase().includes(q) || (p.email || '').toLowerCase().includes(q))).slice(0, 8) : [];
    results.replaceChildren(...found.map(p => h('li', {}, h('button', { type: 'button', onclick: () => {
      chosen.set(p.id, p);
      search.value = '';
      results.replaceChildren();
      renderChips();
      search.focus();
    } }, p.name, p.email ? ` · ${p.email}` : ''))));
  });
  search.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const first = results.querySelector('button');
      if (first) first.click();
    }
  });
  templateSelect.addEventListener('change', () => {
    const t = templates.find(x => String(x.id) === templateSelect.value);
    if (!t) return;
    form.elements.title.value = t.title;
    form.elements.minutes.value = t.durationMinutes;
    docsHint.textContent = [t.documents.length ? `Documents to bring: ${t.documents.join(', ')}.` : '',
      t.leadMinutes ? `Participants are recognised from ${t.leadMinutes} min before the start.` : '',
      t.guestsAllowed ? 'Guests without a tag are expected.' : ''].filter(Boolean).join(' ');
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    const begin = new Date(`${data.get('date')}T${data.get('start')}`);
    if (Number.isNaN(begin.getTime())) {
      showError(form, { message: "field 'start' needs a date and a time" });
      return;
    }
    const minutes = Number(data.get('minutes'));
    const body = { title: data.get('title').trim(), roomId: Number(data.get('roomId')), start: begin.toISOString(),
      end: new Date(begin.getTime() + minutes * 60000).toISOString(), participantIds: [...chosen.keys()] };
    if (session.role === 'host') body.hostId = session.personId;
    let booked;
    try {
      booked = await api('POST', '/api/events', body);
    } catch (error) {
      showError(form, error);
      return;
    }
    try {
      for (const file of form.elements.documents.files) {
        await api('POST', `/api/events/${booked.id}/documents?name=${encodeURIComponent(file.name)}`, file);
      }
      const guests = data.get('guests').split('\n').map(s => s.trim()).filter(Boolean);
      if (guests.length) await api('PUT', `/api/events/${booked.id}/guests`, { guests });
    } catch (error) {
      showError(form, { message: `The meeting is booked, but: ${error.message}` });
      return;
    }
    toast(`Booked “${booked.title}”.`);
    onDone(booked);
  });
  return form;
}
