import { pageEnvelope } from '../../src/simulator/http/pagination';

describe('pageEnvelope', () => {
  const items = Array.from({ length: 23 }, (_, index) => index);

  test('presents only the objects of the requested page', () => {
    const presented: number[] = [];
    const envelope = pageEnvelope(items, { path: '/list/', query: { per_page: '10', page: '2' }, maxPerPage: 100 }, (item) => {
      presented.push(item);
      return { value: item * 2 };
    });
    expect(presented).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(envelope.objects).toEqual(presented.map((item) => ({ value: item * 2 })));
    expect(envelope).toMatchObject({ page: 2, pages: 3, per_page: 10, total: 23, next_url: '/list/?per_page=10&page=3', prev_url: '/list/?per_page=10&page=1' });
  });

  test('returns the page as it is without a presenter', () => {
    const envelope = pageEnvelope(items, { path: '/list/', query: { per_page: '10', page: '3' }, maxPerPage: 100 });
    expect(envelope.objects).toEqual([20, 21, 22]);
    expect(envelope.next_url).toBeUndefined();
  });
});
