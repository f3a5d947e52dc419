using System.Globalization;
using System.Text.Json;

namespace Training.Integrations.Tests.Grok;

/// <summary>
/// GrokAdamW against upstream's algorithm run in PyTorch 1.13 (cognitivecomputations/grokadamw@9f5a9cd,
/// <c>grokadamw/grokadamw.py</c>, <c>_step_impl</c>/<c>_update_group</c> transcribed into the script below): one
/// parameter group holding [weight(3×4), bias(4)] — so the bias is position 1 and gets β1·(1 − γ) — with a grokking
/// signal, five steps of fixed gradients. The Trainer grouping in the golden file puts every parameter at position 0
/// and never has a signal, so it cannot see either.
/// </summary>
[NonParallelizable]
public class GrokAdamWUpstreamOracleTests
{
    private const int Steps = 5;

    // Upstream's step for one group, transcribed (autocast dropped: it is a no-op for these in-place CPU ops).
    private const string Upstream = """
        import json, math, sys, torch
        spec = json.loads(sys.argv[1])
        torch.set_default_dtype(torch.float32)
        w = torch.tensor(spec["weight"], dtype=torch.float32).reshape(3, 4).requires_grad_()
        b = torch.tensor(spec["bias"], dtype=torch.float32).requires_grad_()
        group = dict(params=[w, b], lr=spec["lr"], betas=(0.9, 0.999), eps=1e-8, weight_decay=spec["weight_decay"],
                     alpha_init=0.98, lamb=2.0, gamma=0.1, grokking_signal_decay_rate=0.1, gradient_clipping=1.0,
                     grokking_signal_fns=None)
        if spec["mode"] == "function":
            group["grokking_signal_fns"] = [lambda: spec["signal"]]
        else:
            group["train_loss"], group["eval_loss"] = spec["train_loss"], spec["eval_loss"]

        def default_signal(train_loss, eval_loss):
            if train_loss is None or eval_loss is None:
                return 0.0
            diff = max(0, eval_loss - train_loss)
            max_loss = max(eval_loss, train_loss)
            return diff / max_loss if max_loss > 0 else 0.0

        def compute_signal(group):
            if group['grokking_signal_fns'] is None:
                return default_signal(group.get('train_loss', None), group.get('eval_loss', None))
            signals = [s for s in (fn() for fn in group['grokking_signal_fns']) if s is not None]
            return sum(signals) / len(signals) if signals else None

        def update_group(group, params, grads, grokking_signal):
            for i, (p, grad) in enumerate(zip(params, grads)):
                state = group.get('state', {}).get(p, {})
                if not state:
                    state = {'step': 0, 'exp_avg': torch.zeros_like(p, device='cpu'),
                             'exp_avg_sq': torch.zeros_like(p, device='cpu'),
                             'grok_ema': torch.zeros_like(p, device='cpu')}
                    if 'state' not in group:
                        group['state'] = {}
                    group['state'][p] = state
                exp_avg, exp_avg_sq = state['exp_avg'].to(p.device), state['exp_avg_sq'].to(p.device)
                grok_ema = state['grok_ema'].to(p.device)
                beta1, beta2 = group['betas']
                state['step'] += 1
                if group['gradient_clipping'] > 0:
                    torch.nn.utils.clip_grad_norm_(p, group['gradient_clipping'])
                layer_beta1 = beta1 * (1 - group['gamma'])**i
                alpha = group['alpha_init']
                if grokking_signal is not None:
                    alpha = alpha * math.exp(-group['grokking_signal_decay_rate'] * grokking_signal)
                grok_ema.mul_(alpha).add_(grad, alpha=1 - alpha)
                grok_grad = grad + group['lamb'] * grok_ema
                exp_avg.mul_(layer_beta1).add_(grok_grad, alpha=1 - layer_beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grok_grad, grok_grad, value=1 - beta2)
                bias_correction1 = 1 - beta1 ** state['step']
                bias_correction2 = 1 - beta2 ** state['step']
                step_size = group['lr'] * math.sqrt(bias_correction2) / bias_correction1
                p.mul_(1 - group['lr'] * group['weight_decay'])
                p.addcdiv_(exp_avg, exp_avg_sq.sqrt().add_(group['eps']), value=-step_size)
                state['exp_avg'] = exp_avg.to('cpu')
                state['exp_avg_sq'] = exp_avg_sq.to('cpu')
                state['grok_ema'] = grok_ema.to('cpu')

        out = {"signal": compute_signal(group), "steps": []}
        with torch.no_grad():
            for t in range(len(spec["grads"])):
                w.grad = torch.tensor(spec["grads"][t]["weight"], dtype=torch.float32).reshape(3, 4)
                b.grad = torch.tensor(spec["grads"][t]["bias"], dtype=torch.float32)
                params = [p for p in group['params'] if p.grad is not None]
                update_group(group, params, [p.grad for p in params], compute_signal(group))
                entry = {"weight": w.flatten().tolist(), "bias": b.tolist()}
                for name, p in (("weight", w), ("bias", b)):
                    entry[name + "_exp_avg"] = group['state'][p]['exp_avg'].flatten().tolist()
                out["steps"].append(entry)
        print(json.dumps(out))
        """;

    /// <summary>The signal as upstream computes it for the case: 1/3 from losses 2 and 3, or one function's 1/3.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("losses").SetName("Single_group_matches_upstream_with_signal_from_group_losses");
        yield return new TestCaseData("function").SetName("Single_group_matches_upstream_with_a_signal_function");
    }

    [TestCaseSource(nameof(Cases))]
    public void Single_group_weight_and_bias_match_upstream(string mode)
    {
        var random = new Random(11);
        double[] Draw(int n, double scale) => Enumerable.Range(0, n).Select(_ => Math.Round((random.NextDouble() * 2 - 1) * scale, 4)).ToArray();
        var weight = Draw(12, 1.0);
        var bias = Draw(4, 0.5);
        // Gradients large enough that the weight's per-parameter clip (norm 1) is active on some steps.
        var grads = Enumerable.Range(0, Steps).Select(t => (Weight: Draw(12, t % 2 == 0 ? 0.9 : 0.1), Bias: Draw(4, 0.3))).ToList();
        const double lr = 0.05, weightDecay = 0.01, signal = 1.0 / 3;
        var spec = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mode"] = mode, ["weight"] = weight, ["bias"] = bias, ["lr"] = lr, ["weight_decay"] = weightDecay,
            ["train_loss"] = 2.0, ["eval_loss"] = 3.0, ["signal"] = signal,
            ["grads"] = grads.Select(g => new Dictionary<string, double[]> { ["weight"] = g.Weight, ["bias"] = g.Bias }).ToList(),
        });
        var expected = JsonDocument.Parse(PythonTorch.Run(Upstream, spec)).RootElement;
        Assert.That(expected.GetProperty("signal").GetDouble(), Is.EqualTo(signal).Within(1e-15), "upstream's signal for this case");

        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(weight, ScalarType.Float32).reshape(3, 4).requires_grad_();
        var b = torch.tensor(bias, ScalarType.Float32).requires_grad_();
        var options = new Dictionary<string, object?> { ["weight_decay"] = weightDecay };
        if (mode == "losses")
        {
            options["train_loss"] = 2.0;
            options["eval_loss"] = 3.0;
        }

        using var optimizer = new GrokAdamW([new ParamGroup([w, b], options)], new GrokAdamWOptions
        {
            LearningRate = lr,
            GrokkingSignalFunctions = mode == "function" ? [() => signal] : null,
        });
        Assert.That(optimizer.GrokkingSignal(optimizer.ParamGroups[0]), Is.EqualTo(signal).Within(1e-15), "our signal");
        for (var t = 0; t < Steps; t++)
        {
            w.grad = torch.tensor(grads[t].Weight, ScalarType.Float32).reshape(3, 4);
            b.grad = torch.tensor(grads[t].Bias, ScalarType.Float32);
            optimizer.Step();
            var step = expected.GetProperty("steps")[t];
            var at = $"step {(t + 1).ToString(CultureInfo.InvariantCulture)}";
            Closeness.AssertClose(Values(optimizer.GetState(w)!.Tensor("exp_avg")), Numbers(step, "weight_exp_avg"), 1e-6, 0, $"{at} weight exp_avg");
            Closeness.AssertClose(Values(optimizer.GetState(b)!.Tensor("exp_avg")), Numbers(step, "bias_exp_avg"), 1e-6, 0, $"{at} bias exp_avg");
            Closeness.AssertClose(Values(w), Numbers(step, "weight"), 1e-6, 0, $"{at} weight");
            Closeness.AssertClose(Values(b), Numbers(step, "bias"), 1e-6, 0, $"{at} bias");
        }
    }

    private static double[] Values(Tensor t) => t.detach().flatten().to(ScalarType.Float64).ToArray<double>();

    private static double[] Numbers(JsonElement step, string name) => step.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
