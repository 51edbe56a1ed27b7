// Vitest 5's error printer calls Map.groupBy, which Node 20 lacks (it arrived in Node 21). Without this,
// a failing test crashes the reporter instead of showing the failure. Loaded by the root vitest config only:
// our published packages do not depend on it.
type GroupBy = <K, V>(items: Iterable<V>, key: (item: V, index: number) => K) => Map<K, V[]>;

const mapWithGroupBy = Map as unknown as { groupBy?: GroupBy };
if (typeof mapWithGroupBy.groupBy !== 'function') {
  mapWithGroupBy.groupBy = <K, V>(items: Iterable<V>, key: (item: V, index: number) => K) => {
    const groups = new Map<K, V[]>();
    let index = 0;
    for (const item of items) {
      const k = key(item, index++);
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    return groups;
  };
}
