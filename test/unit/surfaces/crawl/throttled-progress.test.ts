import { ThrottledProgress } from '../../../../src/surfaces/crawl/throttled-progress';

test('reports at most once per interval, and the held-back figures on flush', async () => {
  let now = 1_000;
  const reports: Array<[number, number]> = [];
  const progress = new ThrottledProgress(
    async (completed, total) => void reports.push([completed, total]),
    250,
    () => now,
  );

  await progress.report(1, 10);
  await progress.report(2, 10);
  now += 100;
  await progress.report(3, 12);
  expect(reports).toEqual([[1, 10]]);

  now += 200; // 300 ms after the first report
  await progress.report(4, 12);
  expect(reports).toEqual([
    [1, 10],
    [4, 12],
  ]);

  await progress.report(5, 12);
  await progress.flush();
  await progress.flush(); // nothing new: no second write
  expect(reports).toEqual([
    [1, 10],
    [4, 12],
    [5, 12],
  ]);
});

test('figures held back are written when the interval is over, even if no page finishes meanwhile', async () => {
  const reports: Array<[number, number]> = [];
  const progress = new ThrottledProgress(async (completed, total) => void reports.push([completed, total]), 30);
  await progress.report(1, 5);
  await progress.report(2, 5); // within the interval: held back
  expect(reports).toEqual([[1, 5]]);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(reports).toEqual([
    [1, 5],
    [2, 5],
  ]);
  await progress.flush(); // nothing left
  expect(reports).toHaveLength(2);
});
