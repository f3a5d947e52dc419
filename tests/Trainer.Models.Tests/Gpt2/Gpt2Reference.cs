using System.Text.Json;

namespace Training.Models.Tests;

/// <summary>
/// An independent PyTorch implementation of Transformers' GPT-2 forward (GPT2LMHeadModel, eager attention) for Debian's
/// torch 1.13, which has neither transformers nor safetensors: it parses model.safetensors itself (the 8-byte header
/// length, the JSON header, torch.frombuffer over the bytes), computes Conv1D as x @ W + b, the causal mask with
/// torch.where(tril, w, finfo.min), the padding mask as (1 − mask)·finfo.min added to the scores, softmax attention,
/// the activations with Transformers' formulas, and the loss as CrossEntropyLoss over logits[:, :-1] and labels[:, 1:].
/// </summary>
internal static class Gpt2Reference
{
    /// <summary>
    /// The safetensors reader alone: <c>read_safetensors(path)</c> gives (tensors by name, metadata, name → dtype and
    /// shape), parsed from the bytes without the safetensors package. Imports json, math, struct, sys and torch.
    /// </summary>
    public const string SafeTensorsReader = """
        import json, math, struct, sys, torch

        DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
                  "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool, "U8": torch.uint8}

        def read_safetensors(path):
            with open(path, "rb") as f:
                data = f.read()
            n = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + n].decode("utf-8"))
            meta = header.pop("__metadata__", {})
            tensors, info = {}, {}
            for name, entry in header.items():
                begin, end = entry["data_offsets"]
                raw = bytearray(data[8 + n + begin:8 + n + end])
                dtype = DTYPES[entry["dtype"]]
                flat = torch.frombuffer(raw, dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
                tensors[name] = flat.reshape(entry["shape"])
                info[name] = {"dtype": entry["dtype"], "shape": entry["shape"]}
            return tensors, meta, info
        """;

    /// <summary>The reference forward on a folder and an inputs file, printing the logits, metadata, tensors (and loss) as JSON.</summary>
    public const string Script = SafeTensorsReader + "\n" + """
        import torch.nn.functional as F

        ACT = {
            "gelu_new": lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0)))),
            "gelu_accurate": lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * torch.pow(x, 3)))),
            "gelu_fast": lambda x: 0.5 * x * (1.0 + torch.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x))),
            "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
            "gelu": F.gelu,
            "gelu_python": lambda x: x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0))),
            "gelu_10": lambda x: torch.clip(F.gelu(x), -10, 10),
            "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
            "laplace": lambda x: 0.5 * (1.0 + torch.erf((x - 0.707107).div(0.282095 * math.sqrt(2.0)))),
            "leaky_relu": torch.nn.LeakyReLU(),
            "linear": lambda x: x,
            "mish": lambda x: x * torch.tanh(F.softplus(x)),
            "relu": torch.relu,
            "relu2": lambda x: torch.square(torch.relu(x)),
            "relu6": torch.nn.ReLU6(),
            "sigmoid": torch.sigmoid,
            "silu": F.silu,
            "swish": F.silu,
            "tanh": torch.tanh,
        }

        def forward(cfg, W, ids, mask):
            B, T = ids.shape
            C, H = cfg["n_embd"], cfg["n_head"]
            D = C // H
            eps = cfg.get("layer_norm_epsilon", 1e-5)
            act = ACT[cfg.get("activation_function", "gelu_new")]
            def ln(x, p): return F.layer_norm(x, (C,), W[p + ".weight"], W[p + ".bias"], eps)
            def conv1d(x, p): return x @ W[p + ".weight"] + W[p + ".bias"]
            def heads(x): return x.view(B, T, H, D).permute(0, 2, 1, 3)
            h = W["wte.weight"][ids] + W["wpe.weight"][torch.arange(T)]
            extended = None
            if mask is not None:
                extended = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
            causal = torch.tril(torch.ones((T, T), dtype=torch.bool)).view(1, 1, T, T)
            for i in range(cfg["n_layer"]):
                q, k, v = conv1d(ln(h, f"h.{i}.ln_1"), f"h.{i}.attn.c_attn").split(C, dim=2)
                q, k, v = heads(q), heads(k), heads(v)
                w = torch.matmul(q, k.transpose(-1, -2))
                if cfg.get("scale_attn_weights", True):
                    w = w / torch.full([], v.size(-1) ** 0.5, dtype=w.dtype)
                if cfg.get("scale_attn_by_inverse_layer_idx", False):
                    w = w / float(i + 1)
                w = torch.where(causal, w, torch.full([], torch.finfo(w.dtype).min, dtype=w.dtype))
                if extended is not None:
                    w = w + extended
                w = F.softmax(w, dim=-1)
                o = torch.matmul(w, v).permute(0, 2, 1, 3).contiguous().view(B, T, C)
                h = h + conv1d(o, f"h.{i}.attn.c_proj")
                m = conv1d(act(conv1d(ln(h, f"h.{i}.ln_2"), f"h.{i}.mlp.c_fc")), f"h.{i}.mlp.c_proj")
                h = h + m
            h = ln(h, "ln_f")
            head = W.get("lm_head.weight", W["wte.weight"])
            return h @ head.T

        folder, inputs_path = sys.argv[1], sys.argv[2]
        cfg = json.load(open(folder + "/config.json"))
        tensors, meta, info = read_safetensors(folder + "/model.safetensors")
        W = {(k[len("transformer."):] if k.startswith("transformer.") else k): v.to(torch.float32) for k, v in tensors.items()}
        inputs, _, _ = read_safetensors(inputs_path)
        ids = inputs["input_ids"]
        mask = inputs.get("attention_mask")
        with torch.no_grad():
            logits = forward(cfg, W, ids, mask)
            result = {"logits": logits.flatten().tolist(), "metadata": meta, "tensors": info}
            if "labels" in inputs:
                labels = inputs["labels"]
                shift_logits = logits[..., :-1, :].contiguous()
                shift_labels = labels[..., 1:].contiguous()
                loss = torch.nn.CrossEntropyLoss()(shift_logits.view(-1, shift_logits.size(-1)), shift_labels.view(-1))
                result["loss"] = loss.item()
        print(json.dumps(result))
        """;

    /// <summary>
    /// The tensors GPT2LMHeadModel.save_pretrained writes for a configuration, with their shapes: its state_dict
    /// (the attn.bias buffers are not persistent), without lm_head.weight when it is tied to wte (save_pretrained drops
    /// it), Conv1D weights as [in, out].
    /// </summary>
    public static SortedDictionary<string, long[]> TransformersTensors(long vocab, long positions, long embedding, long inner, int layers, bool tied)
    {
        var (v, p, c) = (vocab, positions, embedding);
        var expected = new SortedDictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["transformer.wte.weight"] = [v, c], ["transformer.wpe.weight"] = [p, c],
            ["transformer.ln_f.weight"] = [c], ["transformer.ln_f.bias"] = [c],
        };
        for (var i = 0; i < layers; i++)
        {
            var h = $"transformer.h.{i}.";
            expected[h + "ln_1.weight"] = [c];
            expected[h + "ln_1.bias"] = [c];
            expected[h + "attn.c_attn.weight"] = [c, 3 * c];
            expected[h + "attn.c_attn.bias"] = [3 * c];
            expected[h + "attn.c_proj.weight"] = [c, c];
            expected[h + "attn.c_proj.bias"] = [c];
            expected[h + "ln_2.weight"] = [c];
            expected[h + "ln_2.bias"] = [c];
            expected[h + "mlp.c_fc.weight"] = [c, inner];
            expected[h + "mlp.c_fc.bias"] = [inner];
            expected[h + "mlp.c_proj.weight"] = [inner, c];
            expected[h + "mlp.c_proj.bias"] = [c];
        }

        if (!tied) expected["lm_head.weight"] = [v, c];
        return expected;
    }

    /// <summary>Runs the reference on a saved model folder and an inputs file (input_ids, optional attention_mask and labels).</summary>
    public static JsonElement Run(string folder, string inputs) =>
        JsonDocument.Parse(PythonTorch.Run(Script, folder, inputs)).RootElement;

    /// <summary>Saves the inputs where the reference reads them and returns the file.</summary>
    public static string SaveInputs(string folder, Tensor ids, Tensor? mask = null, Tensor? labels = null)
    {
        var tensors = new Dictionary<string, Tensor> { ["input_ids"] = ids };
        if (mask is not null) tensors["attention_mask"] = mask;
        if (labels is not null) tensors["labels"] = labels;
        var path = Path.Combine(folder, "inputs.safetensors");
        SafeTensors.Save(tensors, path);
        return path;
    }
}
