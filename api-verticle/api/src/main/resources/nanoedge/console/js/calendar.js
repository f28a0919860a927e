// The calendar: one room's week in half-hour slots from the room's free/busy; a free slot opens the booking form.
import { api, all } from './api.js';
import { h, select } from './dom.js';
import { bookingForm } from './book.js';

const FIRST_HOUR = 7;
const LAST_HOUR = 20;
const SLOT_MINUTES = 30;

function monday(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

function addDays(date, days) {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

export async function calendarScreen(box, session) {
  const [rooms, templates] = await Promise.all([all('/api/rooms'), all('/api/templates')]);
  const state = { roomId: rooms.length ? rooms[0].id : null, week: monday(new Date()) };
  const heading = h('h1', {}, 'Calendar');
  const roomSelect = select('room', rooms.map(r => [r.id, r.name]), { id: 'cal-room' });
  const grid = h('div.week', { role: 'grid', 'aria-label': 'Week' });
  const weekLabel = h('strong', { 'aria-live': 'polite' });
  const formBox = h('div');
  roomSelect.addEventListener('change', () => { state.roomId = Number(roomSelect.value); render(); });
  const controls = h('div.row.card', {},
    h('div', {}, h('label', { for: 'cal-room' }, 'Room'), roomSelect),
    h('button.secondary', { type: 'button', onclick: () => { state.week = addDays(state.week, -7); render(); } },
      '← Previous week'),
    h('button.secondary', { type: 'button', onclick: () => { state.week = monday(new Date()); render(); } },
      'This week'),
    h('button.secondary', { type: 'button', onclick: () => { state.week = addDays(state.week, 7); render(); } },
      'Next week →'),
    weekLabel);
  box.append(heading, controls, formBox, h('div.card', {}, grid));
  if (!rooms.length) {
    grid.replaceWith(h('p', {}, 'No rooms yet: an administrator adds them under Admin.'));
    return;
  }

  function book(start) {
    formBox.replaceChildren(bookingForm(session, {
      rooms, templates, roomId: state.roomId, start,
      onDone: () => { formBox.replaceChildren(); render(); },
      onCancel: () => formBox.replaceChildren(),
    }));
    formBox.querySelector('select, input').focus();
  }

  async function render() {
    const from = state.week;
    const to = addDays(from, 7);
    weekLabel.textContent = `${from.toLocaleDateString([], { day: 'numeric', month: 'short' })} – `
      + `${addDays(to, -1).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}`;
    const calendar = await api('GET', `/api/rooms/${state.roomId}/availability?from=${from.toISOString()}`
      + `&to=${to.toISOString()}`);
    const busy = calendar.busy.map(b => ({ ...b, s: new Date(b.start), e: new Date(b.end) }));
    const now = new Date();
    const room = rooms.find(r => r.id === state.roomId);
    const cells = [h('div')];
    for (let d = 0; d < 7; d++) {
      const day = addDays(from, d);
      cells.push(h('div.head', { role: 'columnheader' },
        day.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })));
    }
    const shown = new Set();
    for (let minute = FIRST_HOUR * 60; minute < LAST_HOUR * 60; minute += SLOT_MINUTES) {
      cells.push(h('div.time', {}, minute % 60 === 0 ? `${String(minute / 60).padStart(2, '0')}:00` : ''));
      for (let d = 0; d < 7; d++) {
        const start = addDays(from, d);
        start.setMinutes(minute);
        const end = new Date(start.getTime() + SLOT_MINUTES * 60000);
        const taken = busy.find(b => b.s < end && b.e > start);
        const label = start.toLocaleString([], { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit',
          minute: '2-digit' });
        if (taken) {
          const key = `${taken.start}|${d}`;
          const first = !shown.has(key);
          shown.add(key);
          cells.push(h(`div.slot.busy${taken.eventId ? '.mine' : ''}`, { role: 'gridcell', title: label },
            first ? (taken.title || 'Busy') : ''));
        } else if (end <= now) {
          cells.push(h('div.slot.past', { role: 'gridcell' }));
        } else {
          cells.push(h('button.slot', { type: 'button', role: 'gridcell', 'aria-label': `Book ${room.name}, ${label}`,
            onclick: () => book(start) }, start.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
        }
      }
    }
    grid.replaceChildren(...cells);
  }
  await render();
  return null;
}
