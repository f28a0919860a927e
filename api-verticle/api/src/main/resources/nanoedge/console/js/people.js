// People and their tags (administrators): a tag is registered by typing or pasting its id, which the API keeps only
// as a keyed hash; tags are listed by their label, never by an id.
import { api, all } from './api.js';
import { h, field, select, showError, clearErrors, toast } from './dom.js';

export async function peopleScreen(box) {
  const table = h('tbody');
  const personSelect = select('personId', []);
  const addPerson = h('form.card', { novalidate: true, 'aria-label': 'Add a person' }, h('h2', {}, 'Add a person'),
    h('div.grid2', {}, field('Name', 'name', { required: true, maxLength: 100 }),
      field('E-mail', 'email', { type: 'email', maxLength: 200 })),
    h('button', { type: 'submit' }, 'Add person'));
  const addTag = h('form.card', { novalidate: true, 'aria-label': 'Register a tag' }, h('h2', {}, 'Register a tag'),
    h('div.grid2', {}, field('Person', 'personId', {}, personSelect),
      field('Tag id', 'tagId', { required: true, autocomplete: 'off', spellcheck: false,
        hint: 'BLE MAC (AA:BB:CC:DD:EE:FF) or iBeacon uuid/major/minor: only its keyed hash is stored' }),
      field('Label', 'label', { maxLength: 100, placeholder: 'e.g. badge' })),
    h('button', { type: 'submit' }, 'Register tag'));
  box.append(h('h1', {}, 'People & tags'), h('div.card', {}, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Person'), h('th', {}, 'E-mail'), h('th', {}, 'Tags'))), table)),
  h('div.grid2', {}, addTag, addPerson));

  async function load() {
    const [persons, tags] = await Promise.all([all('/api/persons'), all('/api/tags')]);
    personSelect.replaceChildren(...persons.map(p => h('option', { value: String(p.id) }, p.name)));
    table.replaceChildren(...persons.map(p => h('tr', { dataset: { person: p.id } }, h('td', {}, p.name),
      h('td', {}, p.email || ''),
      h('td', {}, h('div.chips', {}, tags.filter(t => t.personId === p.id).map(t => h('span.chip', {},
        `${t.label || 'tag'}${t.active ? '' : ' (inactive)'}`,
        h('button', { type: 'button', 'aria-label': `Revoke ${p.name}'s tag ${t.label || ''}`,
          onclick: () => revoke(t, p) }, 'Revoke'))))))));
  }

  async function revoke(tag, person) {
    if (!confirm(`Revoke ${person.name}'s tag “${tag.label || 'tag'}”?`)) return;
    await api('DELETE', `/api/tags/${tag.id}`);
    toast('Tag revoked.');
    await load();
  }

  addPerson.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(addPerson);
    const data = new FormData(addPerson);
    try {
      await api('POST', '/api/persons', { name: data.get('name'), email: data.get('email') || undefined });
      addPerson.reset();
      toast('Person added.');
      await load();
    } catch (error) {
      showError(addPerson, error);
    }
  });
  addTag.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(addTag);
    const data = new FormData(addTag);
    try {
      await api('POST', '/api/tags', { tagId: data.get('tagId').trim(), personId: Number(data.get('personId')),
        label: data.get('label') || undefined });
      addTag.elements.tagId.value = '';
      addTag.elements.label.value = '';
      toast('Tag registered.');
      await load();
    } catch (error) {
      showError(addTag, error);
    }
  });
  await load();
  return null;
}
