/**
 * The activity behind the patch `means-test-close-expiry-task` (docs/workflow-changes.md), against a SQLite test
 * database: it completes the "status ends soon" task of the evaluation, with an outcome and an audit entry, once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { AuditEntry, Task } from '../../infra/db/entities/index.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { createTask } from '../../services/tasks.js';
import { createMeansTestActivities, meansTestExpiryTaskKey } from '../../activities/means-test.js';

let orm: Orm;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'means-expiry-task-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await migrateUp(orm);
});

afterAll(async () => {
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function expiringTask(cycleId: string, evaluationNo: number): Promise<string> {
  const { task } = await createTask(orm.em.fork(), {
    idempotencyKey: meansTestExpiryTaskKey(cycleId, evaluationNo),
    municipalityCode: '0001000',
    kind: 'means-test-expiring',
    title: 'Materiālās situācijas statuss beidzas',
    description: 'Pieņemiet jaunu deklarāciju vai ļaujiet statusam beigties.',
    source: 'means-test',
    createdBy: 'system:means-test',
  });
  return task.id;
}

describe('closeMeansTestExpiryTask', () => {
  // The object store is not touched by this activity.
  const activities = () => createMeansTestActivities({ orm, store: {} as ObjectStore });

  it('completes the evaluation’s expiry task with the reason as outcome, audited, once', async () => {
    const taskId = await expiringTask('cycle-a', 1);
    const other = await expiringTask('cycle-a', 2);
    const close = activities().closeMeansTestExpiryTask;
    expect(await close({ cycleId: 'cycle-a', evaluationNo: 1, reason: 'reapplied' })).toEqual({
      closed: true,
    });
    expect(await close({ cycleId: 'cycle-a', evaluationNo: 1, reason: 'reapplied' })).toEqual({
      closed: false,
    });

    const em = orm.em.fork();
    const task = await em.findOneOrFail(Task, { id: taskId });
    expect(task.state).toBe('completed');
    expect(task.outcome).toBe('Iesniegta jauna deklarācija: sākta atkārtota izvērtēšana');
    expect(task.completedBy).toBe('system:means-test');
    expect((await em.findOneOrFail(Task, { id: other })).state).toBe('open');
    const audits = await em.find(AuditEntry, { resourceId: taskId, action: 'task.complete' });
    expect(audits).toHaveLength(1);
  });

  it('closes on expiry with its own outcome; a missing task is no error', async () => {
    const taskId = await expiringTask('cycle-b', 1);
    const close = activities().closeMeansTestExpiryTask;
    expect(await close({ cycleId: 'cycle-b', evaluationNo: 1, reason: 'expired' })).toEqual({ closed: true });
    const task = await orm.em.fork().findOneOrFail(Task, { id: taskId });
    expect(task.outcome).toBe('Statuss beidzās bez jaunas deklarācijas');
    expect(await close({ cycleId: 'cycle-none', evaluationNo: 1, reason: 'expired' })).toEqual({
      closed: false,
    });
  });
});
