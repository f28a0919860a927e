// Administration: rooms, devices and their credentials, meeting templates, console accounts. Each section is a
// table of what exists and a form to add one; the API checks every field and its message lands next to the field.
import { api, all } from './api.js';
import { h, field, select, showError, clearErrors, toast } from './dom.js';

const list = s => s.split(',').map(x => x.trim()).filter(Boolean);

function section(title, { columns, row, form, submit, remove, path }) {
  const body = h('tbody');
  const box = h('section.card', { 'aria-label': title }, h('h2', {}, title),
    h('table', {}, h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)), h('th', {}))), body), form);
  async function load() {
    const items = await all(path);
    body.replaceChildren(...items.map(item => h('tr', {}, row(item).map(c => h('td', {}, c)),
      h('td', {}, remove ? remove(item, load) : null))));
  }
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form);
    try {
      await submit(new FormData(form), form);
      form.reset();
      await load();
    } catch (error) {
      showError(form, error);
    }
  });
  return { box, load };
}

function deleteButton(label, path, what) {
  return (item, reload) => h('button.danger', { type: 'button', 'aria-label': `Delete ${label(item)}`,
    onclick: async () => {
      if (!confirm(`Delete ${label(item)}?`)) return;
      try {
        await api('DELETE', `${path}/${encodeURIComponent(item.id)}`);
        toast(`${what} deleted.`);
      } catch (error) {
        toast(error.message);
      }
      await reload();
    } }, 'Delete');
}

export async function adminScreen(box) {
  const persons = await all('/api/persons');
  const personOptions = () => select('personId', [['', '—'], ...persons.map(p => [p.id, p.name])]);

  const rooms = section('Rooms', {
    path: '/api/rooms',
    columns: ['Name', 'Door location', 'Entrances', 'LED path', 'Display'],
    row: r => [r.name, r.location, (r.entrances || []).join(', '), (r.ledPath || []).join(' → '), r.displayNode || ''],
    remove: deleteButton(r => r.name, '/api/rooms', 'Room'),
    form: h('form', { novalidate: true, 'aria-label': 'Add a room' }, h('div.grid2', {},
      field('Name', 'name', { required: true }), field('Door location', 'location', { required: true }),
      field('Capacity', 'capacity', { type: 'number', min: 1, value: 8 }),
      field('Entrances (comma-separated)', 'entrances', { value: 'entrance' }),
      field('LED path (comma-separated, entrance to door)', 'ledPath'),
      field('Display node', 'displayNode')), h('button', { type: 'submit' }, 'Add room')),
    submit: async d => {
      await api('POST', '/api/rooms', { name: d.get('name'), location: d.get('location'),
        capacity: Number(d.get('capacity')), entrances: list(d.get('entrances')), ledPath: list(d.get('ledPath')),
        displayNode: d.get('displayNode') || undefined });
      toast('Room added.');
    },
  });

  const keyBox = h('div', { 'aria-live': 'polite' });
  const showKey = device => keyBox.replaceChildren(h('p', {}, `Key of ${device.id} (generation ${device.generation}),`
    + ' shown this once: configure the device with it now.'), h('div.secret', {}, `identity ${device.id}`),
  h('div.secret', {}, `psk (hex) ${device.pskHex}`));
  const devices = section('Devices and credentials', {
    path: '/api/devices',
    columns: ['Id', 'Kind', 'Location', 'Label', 'Generation', 'State'],
    row: d => [d.id, d.kind, d.location, d.label, d.generation, d.active ? 'active' : 'revoked',],
    remove: (d, reload) => d.active ? h('div.row', {},
      h('button.secondary', { type: 'button', 'aria-label': `Rotate the key of ${d.id}`, onclick: async () => {
        try {
          showKey(await api('POST', `/api/devices/${encodeURIComponent(d.id)}/rotate`));
        } catch (error) {
          toast(error.message);
        }
        await reload();
      } }, 'Rotate key'),
      deleteButton(x => `(revoke) ${x.id}`, '/api/devices', 'Device')(d, reload)) : null,
    form: h('form', { novalidate: true, 'aria-label': 'Register a device' }, h('div.grid2', {},
      field('Id (its DTLS identity)', 'id', { required: true }),
      field('Kind', 'kind', {}, select('kind', ['pir', 'scanner', 'door', 'led', 'display', 'bridge', 'gateway']
        .map(k => [k, k]))),
      field('Location', 'location', { required: true }), field('Label', 'label')), keyBox,
    h('button', { type: 'submit' }, 'Register device')),
    submit: async d => showKey(await api('POST', '/api/devices', { id: d.get('id'), kind: d.get('kind'),
      location: d.get('location'), label: d.get('label') || undefined })),
  });

  const templates = section('Meeting templates', {
    path: '/api/templates',
    columns: ['Name', 'Title', 'Length', 'Lead', 'Documents', 'Guests'],
    row: t => [t.name, t.title, `${t.durationMinutes} min`, `${t.leadMinutes} min`, t.documents.join(', '),
      t.guestsAllowed ? 'yes' : 'no'],
    remove: deleteButton(t => t.name, '/api/templates', 'Template'),
    form: h('form', { novalidate: true, 'aria-label': 'Add a template' }, h('div.grid2', {},
      field('Name', 'name', { required: true }), field('Title', 'title', { required: true }),
      field('Length (minutes)', 'durationMinutes', { type: 'number', value: 60 }),
      field('Lead time (minutes)', 'leadMinutes', { type: 'number', value: 10 }),
      field('Documents to present (comma-separated)', 'documents'),
      field('Guests without a tag expected', 'guestsAllowed', { type: 'checkbox' }),
      field('Description', 'description')), h('button', { type: 'submit' }, 'Add template')),
    submit: async d => {
      await api('POST', '/api/templates', { name: d.get('name'), title: d.get('title'),
        durationMinutes: Number(d.get('durationMinutes')), leadMinutes: Number(d.get('leadMinutes')),
        documents: list(d.get('documents') || ''), guestsAllowed: d.get('guestsAllowed') === 'on',
        description: d.get('description') || undefined });
      toast('Template added.');
    },
  });

  const accounts = section('Console accounts', {
    path: '/api/accounts',
    columns: ['Username', 'Role', 'Acts for'],
    row: a => [a.username, a.role, a.personName || ''],
    remove: deleteButton(a => a.username, '/api/accounts', 'Account'),
    form: h('form', { novalidate: true, 'aria-label': 'Add an account' }, h('div.grid2', {},
      field('Username', 'username', { required: true, autocomplete: 'off' }),
      field('Password', 'password', { type: 'password', autocomplete: 'new-password', hint: '10 to 72 characters' }),
      field('Role', 'role', {}, select('role', [['host', 'host'], ['admin', 'admin']])),
      field('Person (a host acts for them)', 'personId', {}, personOptions())),
    h('button', { type: 'submit' }, 'Add account')),
    submit: async d => {
      await api('POST', '/api/accounts', { username: d.get('username'), password: d.get('password'),
        role: d.get('role'), personId: d.get('personId') ? Number(d.get('personId')) : undefined });
      toast('Account added.');
    },
  });

  const parts = [rooms, devices, templates, accounts];
  box.append(h('h1', {}, 'Admin'), ...parts.map(p => p.box));
  await Promise.all(parts.map(p => p.load().catch(error => p.box.append(h('p.form-error', {}, error.message)))));
  return null;
}
