// Entry point: sign-in, the navigation and the screens, routed by the URL's hash so every screen has an address
// and the browser's back button works.
import { api, setCsrf } from './api.js';
import { h, field, showError, clearErrors } from './dom.js';
import { calendarScreen } from './calendar.js';
import { boardScreen } from './board.js';
import { peopleScreen } from './people.js';
import { adminScreen } from './admin.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let session = null;
let leave = null;

const screens = {
  calendar: { title: 'Calendar', show: calendarScreen },
  board: { title: 'Live board', show: boardScreen },
  people: { title: 'People & tags', show: peopleScreen, admin: true },
  admin: { title: 'Admin', show: adminScreen, admin: true },
};

function signInScreen(message) {
  nav.hidden = true;
  who.textContent = '';
  const form = h('form.card.signin', { 'aria-labelledby': 'signin-title', novalidate: true },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    message ? h('p.hint', {}, message) : null,
    field('Username', 'username', { autocomplete: 'username', required: true }),
    field('Password', 'password', { type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    try {
      const signedIn = await api('POST', '/api/session',
        { username: data.get('username'), password: data.get('password') }, { quiet: true });
      started(signedIn);
    } catch (error) {
      showError(form, error);
    }
  });
  main.replaceChildren(form);
  form.querySelector('input').focus();
}

function started(s) {
  session = s;
  setCsrf(s.csrfToken);
  who.textContent = `${s.personName || s.username} · ${s.role}`;
  nav.replaceChildren(
    ...Object.entries(screens).filter(([, v]) => !v.admin || s.role === 'admin')
      .map(([id, v]) => h('a', { href: `#/${id}`, dataset: { screen: id } }, v.title)),
    h('button', { type: 'button', onclick: signOut }, 'Sign out'));
  nav.hidden = false;
  if (!location.hash || location.hash === '#/') location.hash = '#/calendar';
  else route();
}

async function signOut() {
  try {
    await api('DELETE', '/api/session');
  } finally {
    session = null;
    setCsrf(null);
    if (leave) leave();
    leave = null;
    signInScreen('Signed out.');
  }
}

async function route() {
  if (!session) return;
  if (leave) leave();
  leave = null;
  const [name, ...rest] = location.hash.replace(/^#\//, '').split('/');
  const screen = screens[name] && (!screens[name].admin || session.role === 'admin') ? screens[name] : null;
  if (!screen) {
    location.hash = '#/calendar';
    return;
  }
  nav.querySelectorAll('a').forEach(a => a.toggleAttribute('aria-current', a.dataset.screen === name));
  nav.querySelectorAll('a[aria-current]').forEach(a => a.setAttribute('aria-current', 'page'));
  document.title = `${screen.title} · nanoedge console`;
  const box = h('div');
  main.replaceChildren(box);
  leave = await screen.show(box, session, rest) || null;
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
window.addEventListener('signed-out', () => {
  if (session) {
    session = null;
    if (leave) leave();
    leave = null;
    signInScreen('Your session has ended: sign in again.');
  }
});

api('GET', '/api/session', undefined, { quiet: true }).then(started, () => signInScreen());
