import { DEFAULT_STATE, edgeLimitFor, networkWhere, parseState, sameNetwork, serializeState, type ViewState } from '../../web/explorer/state';

// The explorer's address is its state: what a link says is what the page shows.
describe('the explorer view in the address', () => {
  const full: ViewState = {
    around: 'org:umea-university',
    hops: 2,
    filter: {
      region: 'region:vasterbotten',
      funder: 'org:vinnova',
      focusArea: 'focus:rural-medicine',
      status: 'COMPLETED',
      activeFrom: '2018-01-01',
      activeTo: '2020-12-31',
    },
    minWeight: 2,
    nodeLimit: 500,
    expanded: ['person:mats-falck:umu', 'region:uppsala'],
    selected: 'region:vasterbotten',
    connectTo: 'org:vinnova',
    view: 'table',
  };

  it('writes every part of a view and reads it back unchanged', () => {
    const search = serializeState(full);
    expect(search).toContain('around=org%3Aumea-university');
    expect(search).toContain('hops=2');
    expect(search).toContain('funder=org%3Avinnova');
    expect(parseState(search)).toEqual(full);
  });

  it('leaves defaults out, so a plain view has a short address', () => {
    expect(serializeState(DEFAULT_STATE)).toBe('');
    expect(serializeState({ ...DEFAULT_STATE, around: 'org:vinnova' })).toBe('?around=org%3Avinnova&hops=1');
  });

  it('ignores what it cannot read, falling back to the default rather than failing', () => {
    const state = parseState('?around=not a key&hops=7&status=SOMETIMES&from=2020-13-45&to=yesterday&minWeight=-3&nodes=99999&expand=x&expand=org:a&view=pie');
    expect(state).toEqual({ ...DEFAULT_STATE, expanded: ['org:a'] });
  });

  it('reads the status whatever its case, and each expanded node once', () => {
    const state = parseState('?around=org:a&status=ongoing&expand=org:b&expand=org:b');
    expect(state.filter.status).toBe('ONGOING');
    expect(state.expanded).toEqual(['org:b']);
  });

  it("turns the filter into collaborationNetwork's where, or null when empty", () => {
    expect(networkWhere({})).toBeNull();
    expect(networkWhere({ funder: 'org:vinnova', region: undefined })).toEqual({ funder: 'org:vinnova' });
  });

  it('tells a change that needs a new network from one that only redraws', () => {
    expect(sameNetwork(full, { ...full, minWeight: 5, selected: null, view: 'graph', connectTo: null })).toBe(true);
    expect(sameNetwork(full, { ...full, hops: 3 })).toBe(false);
    expect(sameNetwork(full, { ...full, filter: { ...full.filter, status: 'ONGOING' } })).toBe(false);
    // The same filter set in another order is the same filter.
    const { region, ...rest } = full.filter;
    expect(sameNetwork(full, { ...full, filter: { ...rest, region } })).toBe(true);
  });

  it('asks for enough edges for the node cap, within the API maximum', () => {
    expect(edgeLimitFor(50)).toBe(500);
    expect(edgeLimitFor(200)).toBe(1000);
    expect(edgeLimitFor(2000)).toBe(10_000);
  });
});
