#!/usr/bin/python3
"""cluster.py: crimescope's batch jobs on a Dask cluster (issue 18), the C++ CLI doing the work in each task.

  cluster.py link-rank (--set NAME | --dir PATH) --model M.json --out DIR [--limit K] [--series]
                       [--cli PATH] [--scheduler tcp://HOST:8786 | --local N] [--shards S] [--retries R]

writes DIR/ranked.json, byte for byte what `crimescope-cli link rank` prints for the same arguments. The pairs
within the window are cut into S shards (cases in time order; linkage/shard.hpp). Pass 1: one task per shard
writes its score histogram (DIR/shards/hist-I-of-S.json), after one task wrote the pair layout that every
later step reads (DIR/shards/layout.json: the O(cases^2) neighbour search done once); pass 2: one task per shard writes its pairs at the
global top-share threshold (DIR/shards/part-I-of-S.json); the driver merges them (`link rank --merge`).

Inputs (the CLI, the model, the case set, --assets) are read by every worker from the same path: give paths
that every machine sees (a shared or copied folder at the same place); they are made absolute here. Outputs are
written by the workers into DIR/shards/ (so DIR must be shared too on several machines) and gathered in DIR.

Rerunning the driver after it was killed reuses every shard file already written (files are written
atomically by the CLI, so a file present is complete); DIR/shards/manifest.json records the arguments and the
model's and cases' digests, and shard files of other arguments are removed, not reused. A task whose CLI fails
is retried by Dask (--retries, default 2); a task whose worker died is rescheduled by Dask on another one; both
are reported (each start of a task is logged in DIR/shards/starts.log).

--local N starts a LocalCluster of N worker processes (one thread each) on this machine; --scheduler attaches to
a running cluster (`dask-scheduler` on one machine, `dask-worker tcp://HOST:8786` on each, with the CLI
installed at the same path). Needs Debian's python3-distributed (RECIPES.md section 9).
"""
import argparse
import ctypes
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def digest_of_input(path):
    """A digest of a case-set folder's files (or of one file)."""
    if os.path.isdir(path):
        h = hashlib.sha256()
        for name in sorted(os.listdir(path)):
            p = os.path.join(path, name)
            if os.path.isfile(p):
                h.update(name.encode() + b'\0' + sha256_of(p).encode())
        return h.hexdigest()
    return sha256_of(path)


def _die_with_parent():
    """In the CLI's child: killed when the worker that started it dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass


def run_cli(argv, log_path, key, env=None, cwd=None):
    """A task: runs the CLI; raises (so that Dask retries) when it fails. Logs each start."""
    import socket
    with open(log_path, 'a') as log:
        log.write('%s start %s pid %d %.3f\n' % (key, socket.gethostname(), os.getpid(), time.time()))
    t0 = time.time()
    full_env = dict(os.environ, **env) if env else None
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_die_with_parent, env=full_env, cwd=cwd)
    if p.returncode != 0:
        raise RuntimeError('%s: %s exited %d: %s' % (key, ' '.join(argv[:3]), p.returncode, p.stderr.strip()[-2000:]))
    return {'key': key, 'seconds': time.time() - t0, 'stdout': p.stdout.strip()}


def valid_shard_file(path, fmt):
    """A shard file present and whole (the CLI writes atomically; a foreign or damaged file is not reused)."""
    try:
        with open(path) as f:
            j = json.load(f)
        return j.get('format') == fmt
    except (OSError, ValueError):
        return False


class Cluster:
    def __init__(self, args):
        from dask.distributed import Client, LocalCluster
        self.local = None
        if args.scheduler:
            self.client = Client(args.scheduler)
        else:
            self.local = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.local)

    def workers(self):
        return len(self.client.scheduler_info()['workers'])

    def close(self):
        self.client.close()
        if self.local is not None:
            self.local.close()


def run_tasks(cluster, tasks, log_path, retries, say, kill_worker_after=None, env=None, cwd=None):
    """Runs (key, argv) tasks; returns their results. A failed task is retried `retries` times by Dask."""
    from dask.distributed import as_completed
    client = cluster.client
    # Task keys name the shard and this driver run (a rerun's tasks are new tasks; starts.log tells them apart).
    futures = [client.submit(run_cli, argv, log_path, '%s@%d' % (key, os.getpid()), env, cwd, key='%s@%d' % (key, os.getpid()), retries=retries,
                             pure=False)
               for key, argv in tasks]
    results = []
    done = 0
    for fut in as_completed(futures):
        try:
            r = fut.result()
        except Exception as e:  # noqa: BLE001 - reported, then the job fails
            raise SystemExit('error: task %s failed after %d retries: %s' % (fut.key, retries, e))
        results.append(r)
        done += 1
        say('  %s done in %.1f s (%d of %d)' % (r['key'], r['seconds'], done, len(futures)))
        if kill_worker_after is not None and done == kill_worker_after:
            kill_busy_worker(client, say)
    return results


def kill_busy_worker(client, say):
    """Test hook: kills (SIGKILL) one worker process that is running a task, as a machine lost mid-run would."""
    pids = client.run(os.getpid)
    for _ in range(200):
        busy = [w for w, keys in client.processing().items() if keys]
        if busy:
            w = busy[0]
            say('  killing worker %s (pid %d) while it runs %s' % (w, pids[w], ', '.join(client.processing()[w])))
            os.kill(pids[w], signal.SIGKILL)
            return
        time.sleep(0.05)
    say('  no busy worker to kill')


def report_starts(log_path, keys, say):
    """Tasks started more than once: retried after a failure, or rescheduled after their worker was lost."""
    starts = {}
    try:
        with open(log_path) as f:
            for line in f:
                k = line.split(' ', 1)[0]
                starts[k] = starts.get(k, 0) + 1
    except OSError:
        return 0
    again = {k: n for k, n in starts.items() if k in keys and n > 1}
    for k, n in sorted(again.items()):
        say('  %s started %d times (retried by Dask after a failure or a lost worker)' % (k, n))
    return len(again)


def link_rank(args):
    say = (lambda s: print(s, file=sys.stderr, flush=True))
    cli = os.path.abspath(args.cli)
    if not os.access(cli, os.X_OK):
        raise SystemExit('error: %s is not an executable crimescope-cli (--cli)' % cli)
    model = os.path.abspath(args.model)
    if not os.path.isfile(model):
        raise SystemExit('error: %s: no such model file' % model)
    out = os.path.abspath(args.out)
    shard_dir = os.path.join(out, 'shards')
    os.makedirs(shard_dir, exist_ok=True)
    common = [cli]
    if args.assets:
        common += ['--assets', os.path.abspath(args.assets)]
    common += ['link', 'rank', '--model', model]
    if args.dir:
        source = os.path.abspath(args.dir)
        if not os.path.exists(source):
            raise SystemExit('error: %s: no such case set' % source)
        common += ['--dir', source]
        digest = digest_of_input(source)
    else:
        common += ['--set', args.set]
        assets = os.path.abspath(args.assets) if args.assets else os.environ.get('CRIMESCOPE_ASSETS', os.path.join(ROOT, 'assets'))
        folder = {'israel': 'israel_burglary_2020h1'}.get(args.set, args.set)
        p = os.path.join(assets, 'linkage', folder)
        digest = digest_of_input(p) if os.path.isdir(p) else args.set
    want = ['--limit', str(args.limit)] + (['--series'] if args.series else [])

    cluster = Cluster(args)
    try:
        workers = cluster.workers()
        if getattr(args, 'pin', False):
            pin_workers(cluster.client)
        shards = args.shards or max(2, 4 * workers)
        manifest = {'format': 'crimescope-cluster-link-rank', 'version': 1, 'cases': common[common.index('rank') + 1:], 'cases_digest': digest,
                    'model_digest': sha256_of(model), 'limit': args.limit, 'series': args.series, 'shards': shards}
        mpath = os.path.join(shard_dir, 'manifest.json')
        old = None
        try:
            with open(mpath) as f:
                old = json.load(f)
        except (OSError, ValueError):
            pass
        if old != manifest:
            stale = [n for n in os.listdir(shard_dir) if n.startswith(('hist-', 'part-', 'layout'))]
            if stale:
                say('cluster: %d shard files of other arguments in %s removed' % (len(stale), shard_dir))
            for n in stale:
                os.remove(os.path.join(shard_dir, n))
            tmp = mpath + '.tmp'
            with open(tmp, 'w') as f:
                json.dump(manifest, f, indent=1)
            os.replace(tmp, mpath)
        log_path = os.path.join(shard_dir, 'starts.log')
        hist = [os.path.join(shard_dir, 'hist-%d-of-%d.json' % (i, shards)) for i in range(shards)]
        part = [os.path.join(shard_dir, 'part-%d-of-%d.json' % (i, shards)) for i in range(shards)]
        t0 = time.time()
        say('cluster: link rank in %d shards on %d workers' % (shards, workers))
        # Pass 0: the pair layout (an O(cases^2) neighbour search), once, for every later step.
        layout = os.path.join(shard_dir, 'layout.json')
        reused = 0
        if valid_shard_file(layout, 'crimescope-link-layout'):
            reused += 1
        else:
            say('cluster: pass 0 (the pair layout)')
            run_tasks(cluster, [('layout', common + ['--layout-out', layout])], log_path, args.retries, say)
        common = common + ['--layout-in', layout]
        todo = []
        for i in range(shards):
            if valid_shard_file(hist[i], 'crimescope-link-histogram'):
                reused += 1
            else:
                todo.append(('hist-%d' % i, common + ['--shard', '%d/%d' % (i, shards), '--histogram-out', hist[i]]))
        say('cluster: pass 1 (histograms): %d to run, %d reused' % (len(todo), reused))
        kill_at = args.kill_worker_after
        run_tasks(cluster, todo, log_path, args.retries, say, kill_at)
        t1 = time.time()
        todo2 = []
        reused2 = 0
        for i in range(shards):
            if valid_shard_file(part[i], 'crimescope-link-part'):
                reused2 += 1
            else:
                todo2.append(('part-%d' % i, common + want + ['--shard', '%d/%d' % (i, shards), '--histogram-in'] + hist + ['--part-out', part[i]]))
        say('cluster: pass 2 (pairs at the threshold): %d to run, %d reused' % (len(todo2), reused2))
        run_tasks(cluster, todo2, log_path, args.retries, say, kill_at if not todo else None)
        t2 = time.time()
        keys = {'%s@%d' % (k, os.getpid()) for k, _ in todo + todo2 + [('layout', None)]}
        again = report_starts(log_path, keys, say)
    finally:
        cluster.close()
    # The merge, here: the same JSON as the single-process rank.
    p = subprocess.run(common + want + ['--merge'] + part, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit('error: merge failed: %s' % p.stderr.decode(errors='replace').strip())
    dest = os.path.join(out, 'ranked.json')
    with open(dest + '.tmp', 'wb') as f:
        f.write(p.stdout)
    os.replace(dest + '.tmp', dest)
    t3 = time.time()
    pairs = json.loads(p.stdout).get('pairs', 0)
    say('cluster: wrote %s: %d pairs; layout + pass 1 %.1f s, pass 2 %.1f s, merge %.1f s; %d of %d shard files reused; %d tasks started again'
        % (dest, pairs, t1 - t0, t2 - t1, t3 - t2, reused + reused2, 2 * shards + 1, again))
    return {'pairs': pairs, 'seconds': t3 - t0}


def packs(args):
    """One task per pack of the manifest (`pack --manifest M --only ID`): the same bytes as scripts/build_packs.sh
    (which builds them all in one process), written into --out. Packs already in --out are rebuilt (a pack
    file is written atomically by the CLI)."""
    say = (lambda s: print(s, file=sys.stderr, flush=True))
    cli = os.path.abspath(args.cli)
    manifest = os.path.abspath(args.manifest)
    data = os.path.abspath(args.data)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    with open(manifest) as f:
        ids = [p['id'] for p in json.load(f)['packs']]
    argv = [cli] + (['--assets', os.path.abspath(args.assets)] if args.assets else []) + ['pack', '--manifest', manifest, '--data', data, '--out-dir', out]
    tasks = [('pack-%s' % i, argv + ['--only', i]) for i in ids]
    cluster = Cluster(args)
    t0 = time.time()
    try:
        say('cluster: %d packs on %d workers' % (len(ids), cluster.workers()))
        log_path = os.path.join(out, 'starts.log')
        run_tasks(cluster, tasks, log_path, args.retries, say, env={'LC_ALL': 'C', 'TZ': 'UTC'}, cwd=ROOT)
        report_starts(log_path, {'%s@%d' % (k, os.getpid()) for k, _ in tasks}, say)
    finally:
        cluster.close()
    say('cluster: %d packs written to %s in %.1f s' % (len(ids), out, time.time() - t0))


def pin_workers(client):
    """Bench: worker k (in address order) and the CLI runs it starts on CPU k only (so that N workers use N cores)."""
    addrs = sorted(client.scheduler_info()['workers'])
    cpus = sorted(os.sched_getaffinity(0))
    for k, a in enumerate(addrs):
        cpu = cpus[k % len(cpus)]
        client.run(lambda c=cpu: os.sched_setaffinity(0, {c}), workers=[a])


def bench(args):
    """30,000 resampled cases (about 4.5 x 10^8 pairs within a year), the top 10,000 pairs: pairs/s of the
    single-process CLI and of cluster.py link-rank on 1 and 2 local workers (each on its own core with --pin,
    the single process too), the scaling ratio and the per-pair cost of sharding. A benchmark, not a test."""
    import tempfile
    say = (lambda s: print(s, file=sys.stderr, flush=True))
    cli = os.path.abspath(args.cli)
    tmp = tempfile.mkdtemp(prefix='crimescope-cluster-bench-')
    base = [cli] + (['--assets', os.path.abspath(args.assets)] if args.assets else [])
    subprocess.run(base + ['link', 'train', '--set', args.set, '-o', os.path.join(tmp, 'model.json')], check=True, stdout=subprocess.DEVNULL)
    cases = os.path.join(tmp, 'cases')
    subprocess.run(base + ['link', 'resample', '--set', args.set, '--cases', str(args.cases), '--seed', '11', '-o', cases], check=True,
                   stdout=subprocess.DEVNULL)
    model = os.path.join(tmp, 'model.json')
    pin = (lambda: os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})) if args.pin else None
    t0 = time.time()
    p = subprocess.run(base + ['link', 'rank', '--dir', cases, '--model', model, '--limit', str(args.limit)], check=True, stdout=subprocess.PIPE,
                       preexec_fn=pin)
    t_single = time.time() - t0
    pairs = json.loads(p.stdout)['pairs']
    rows = [('single-process link rank', t_single)]
    say('bench: %d cases, %d pairs within the window, top %d listed; %s' % (args.cases, pairs, args.limit,
        'each worker (and the single process) on one core' if args.pin else 'unpinned (each CLI run uses every core)'))
    say('  single-process: %.1f s, %.2f M pairs/s' % (t_single, pairs / t_single / 1e6))
    same = True
    for w in [int(v) for v in args.workers.split(',')]:
        ns = argparse.Namespace(cli=cli, model=model, out=os.path.join(tmp, 'out-%d' % w), limit=args.limit, series=False, assets=args.assets,
                                dir=cases, set=None, scheduler=None, local=w, shards=args.shards_per_worker * w, retries=2, kill_worker_after=None,
                                pin=args.pin)
        t0 = time.time()
        link_rank(ns)
        t = time.time() - t0
        with open(os.path.join(ns.out, 'ranked.json'), 'rb') as f:
            same = same and f.read() == p.stdout
        rows.append(('cluster.py, %d local worker%s' % (w, '' if w == 1 else 's'), t))
    print('cluster bench: %d cases, %d pairs within the window, top %d listed (%s); ranked.json identical to the single process: %s'
          % (args.cases, pairs, args.limit, 'one core each' if args.pin else 'unpinned', 'yes' if same else 'NO'))
    for name, t in rows:
        print('  %-32s %8.1f s  %7.2f M pairs/s' % (name, t, pairs / t / 1e6))
    t1 = dict(rows).get('cluster.py, 1 local worker')
    t2 = dict(rows).get('cluster.py, 2 local workers')
    if t1 and t2:
        print('  scaling 1 -> 2 workers: %.2fx' % (t1 / t2))
    if t1:
        print('  per-pair cost of sharding (1 worker vs the single process): %.1f ns/pair (%.2fx the single process)'
              % ((t1 - t_single) / pairs * 1e9, t1 / t_single))
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='job', required=True)
    lr = sub.add_parser('link-rank', help='link rank in shards; DIR/ranked.json = what crimescope-cli link rank prints')
    src = lr.add_mutually_exclusive_group(required=True)
    src.add_argument('--set', help='a bundled case set (crimelinkage, israel, robbery)')
    src.add_argument('--dir', help='a case-set folder or case file, on a path every worker sees')
    lr.add_argument('--model', required=True, help='model JSON from `link train`')
    lr.add_argument('--out', required=True, help='output folder: ranked.json, shards/')
    lr.add_argument('--limit', type=int, default=100, help='pairs listed (as link rank)')
    lr.add_argument('--series', action='store_true', help='add the series (as link rank --series)')
    lr.add_argument('--cli', default=os.path.join(ROOT, 'build', 'native-release', 'crimescope-cli'), help='crimescope-cli on every worker')
    lr.add_argument('--assets', help="the CLI's --assets folder (default: the CLI's own)")
    where = lr.add_mutually_exclusive_group()
    where.add_argument('--scheduler', help='tcp://HOST:8786 of a running dask-scheduler')
    where.add_argument('--local', type=int, default=2, help='a LocalCluster of N worker processes here (default 2)')
    lr.add_argument('--shards', type=int, default=0, help='shards (default: 4 per worker, at least 2)')
    lr.add_argument('--retries', type=int, default=2, help='retries of a failed task (Dask retries=)')
    lr.add_argument('--kill-worker-after', type=int, help=argparse.SUPPRESS)   # tests: kill a busy worker after K tasks
    pk = sub.add_parser('packs', help='every pack of a manifest, one task each (the bytes of scripts/build_packs.sh)')
    pk.add_argument('--manifest', default=os.path.join(ROOT, 'assets', 'packs', 'packs.json'))
    pk.add_argument('--data', default=os.path.join(os.path.dirname(ROOT), 'shared', 'data'), help="the manifest's sources (every worker sees it)")
    pk.add_argument('--out', required=True, help='folder for the .cspack files')
    pk.add_argument('--cli', default=os.path.join(ROOT, 'build', 'native-release', 'crimescope-cli'))
    pk.add_argument('--assets', help="the CLI's --assets folder (default: the CLI's own, run from the repository root)")
    where = pk.add_mutually_exclusive_group()
    where.add_argument('--scheduler')
    where.add_argument('--local', type=int, default=2)
    pk.add_argument('--retries', type=int, default=2)
    bn = sub.add_parser('bench', help='pairs/s: the single-process CLI vs cluster.py on 1 and 2 local workers (not a test)')
    bn.add_argument('--cases', type=int, default=30000, help='resampled cases (default 30,000: about 4.5 x 10^8 pairs)')
    bn.add_argument('--set', default='crimelinkage', help='bundled set to resample')
    bn.add_argument('--limit', type=int, default=10000, help='pairs listed')
    bn.add_argument('--workers', default='1,2', help='local worker counts to run')
    bn.add_argument('--shards-per-worker', type=int, default=4)
    bn.add_argument('--cli', default=os.path.join(ROOT, 'build', 'native-release', 'crimescope-cli'))
    bn.add_argument('--assets', help="the CLI's --assets folder")
    bn.add_argument('--no-pin', dest='pin', action='store_false', help='do not pin each worker and the single process to one core')
    args = ap.parse_args()
    if args.job == 'bench':
        return bench(args)
    if args.job == 'packs':
        return packs(args)
    if args.job == 'link-rank':
        if args.limit < 0:
            raise SystemExit('error: --limit must be >= 0')
        link_rank(args)


if __name__ == '__main__':
    main()
