#!/usr/bin/env python3
"""Brian2 cpp_standalone reference for ZapLoop's SimBench (--vs-brian2).

Vogels & Abbott (2005) networks as benchmarked by Brette et al. (2007):
  cuba: Brian's shipped examples/CUBA.py (benchmark 2), exact integration.
  coba: benchmark 1, conductance-based LIF (conductances in units of the
        leak conductance), Euler, initial state as in Brian's COBA benchmark.
Connection probability is K/N; 80 % excitatory, 20 % inhibitory.

Prints exactly one JSON object on stdout: statistics (rate exc/inh, mean ISI
CV over neurons with >= 3 spikes), code generation + compilation seconds and
loop seconds apart, peak RSS of the compiled binary.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['cuba', 'coba'], default='cuba')
    ap.add_argument('--neurons', type=int, default=4000)
    ap.add_argument('--synapses-per-neuron', type=float, default=80.0)
    ap.add_argument('--dt', type=float, default=0.1, help='ms')
    ap.add_argument('--seconds', type=float, default=10.0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--directory', default=None)
    a = ap.parse_args()

    import brian2 as b2
    from brian2 import ms, mV, second

    directory = a.directory or tempfile.mkdtemp(prefix='zaploop-brian2-')
    b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    # Run the binary under a tiny wrapper so its peak RSS is measured apart from the compiler's.
    b2.prefs.devices.cpp_standalone.run_cmd_unix = [
        sys.executable, '-c',
        'import resource, subprocess, sys; r = subprocess.call(["./main"]); '
        'open("results/zaploop_maxrss_kb.txt", "w").write('
        'str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(r)']
    b2.defaultclock.dt = a.dt * ms
    b2.seed(a.seed)

    n = a.neurons
    n_exc = int(0.8 * n)
    p = a.synapses_per_neuron / n
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr = -50 * mV, -60 * mV
    if a.model == 'cuba':
        El = -49 * mV
        eqs = '''
        dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt
        '''
        P = b2.NeuronGroup(n, eqs, threshold='v>Vt', reset='v = Vr',
                           refractory=5 * ms, method='exact')
        P.v = 'Vr + rand() * (Vt - Vr)'
        P.ge = 0 * mV
        P.gi = 0 * mV
        we = (60 * 0.27 / 10) * mV
        wi = (-20 * 4.5 / 10) * mV
    else:
        El = -60 * mV
        Ee = 0 * mV
        Ei = -80 * mV
        eqs = '''
        dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : 1
        dgi/dt = -gi/taui : 1
        '''
        P = b2.NeuronGroup(n, eqs, threshold='v>Vt', reset='v = Vr',
                           refractory=5 * ms, method='euler')
        P.v = 'El + (randn() * 5 - 5)*mV'
        P.ge = 'randn() * 1.5 + 4'
        P.gi = 'randn() * 12 + 20'
        we = 6.0 / 10.0
        wi = 67.0 / 10.0
    Ce = b2.Synapses(P, P, on_pre='ge += we')
    Ci = b2.Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<n_exc', p=p)
    Ci.connect('i>=n_exc', p=p)
    mon = b2.SpikeMonitor(P)
    b2.run(a.seconds * second)

    t0 = time.perf_counter()
    b2.device.build(directory=directory, compile=True, run=False, with_output=False)
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    b2.device.run(directory=directory, with_output=False, run_args=[])
    process_s = time.perf_counter() - t0
    loop_s = float(b2.device._last_run_time)
    with open(os.path.join(directory, 'results', 'zaploop_maxrss_kb.txt')) as f:
        peak_kb = int(f.read().strip())

    i = np.asarray(mon.i[:])
    t = np.asarray(mon.t[:] / second)
    counts = np.bincount(i, minlength=n)
    rate_exc = counts[:n_exc].sum() / (n_exc * a.seconds)
    rate_inh = counts[n_exc:].sum() / ((n - n_exc) * a.seconds)
    order = np.lexsort((t, i))
    i_s, t_s = i[order], t[order]
    starts = np.concatenate(([0], np.cumsum(counts)))
    cvs = []
    for k in range(n):
        if counts[k] >= 3:
            isi = np.diff(t_s[starts[k]:starts[k + 1]])
            cvs.append(isi.std() / isi.mean())
    syn = int(len(Ce) + len(Ci))
    out = {
        'simulator': 'brian2-' + b2.__version__ + '-cpp_standalone',
        'model': a.model, 'neurons': n, 'synapses': syn,
        'synapsesPerNeuron': a.synapses_per_neuron, 'dtMs': a.dt,
        'seconds': a.seconds, 'seed': a.seed,
        'compileSeconds': compile_s, 'loopSeconds': loop_s,
        'processSeconds': process_s,
        'wallPerSimSecond': loop_s / a.seconds,
        'realtimeFactor': a.seconds / loop_s if loop_s > 0 else None,
        'spikes': int(len(i)),
        'synapticEventsPerSecond': float(counts @ (np.bincount(np.asarray(Ce.i[:]), minlength=n)
                                                  + np.bincount(np.asarray(Ci.i[:]), minlength=n))) / loop_s,
        'rateExcHz': float(rate_exc), 'rateInhHz': float(rate_inh),
        'rateHz': float(counts.sum() / (n * a.seconds)),
        'meanIsiCv': float(np.mean(cvs)) if cvs else None,
        'cvNeurons': len(cvs),
        'peakRssBytes': int(peak_kb) * 1024,
    }
    print(json.dumps(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
