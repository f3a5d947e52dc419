#!/usr/bin/env python3
"""TinyGpt in PyTorch: the twin of src/Trainer.Models (bench/TinyGpt.md).

The same architecture, parameter names, initialisation order, data pipeline and AdamW setup as the C# library, so
that with equal seeds both start from the same weights and draw the same batches (the losses then agree within float
rounding: libtorch 2.10's MKL and torch 1.13's BLAS round matrix products differently). Three ways to use it:

  tinygpt.py --steps 50                  train and print tokens/s over 50 steps after warm-up
  tinygpt.py --serve ...                 read commands from stdin (the C# benchmark interleaves with this)
  import tinygpt                         the model, safetensors reader and data pipeline (the interop test)

Serve protocol (one JSON object per line on stdout): after start-up it prints {"ready": ...}; then for each stdin
line "train VARIANT K" it trains that variant K steps and prints their timings and losses; "quit" ends it.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

INIT_STD = 0.02


class Config:
    def __init__(self, vocab_size, block_size=64, n_embd=128, n_head=4, n_layer=4, dropout=0.0, bias=True,
                 tie_weights=False):
        self.vocab_size, self.block_size, self.n_embd, self.n_head = vocab_size, block_size, n_embd, n_head
        self.n_layer, self.dropout, self.bias, self.tie_weights = n_layer, dropout, bias, tie_weights


class LayerNorm(nn.Module):
    """nn.LayerNorm with an optional bias (torch 1.13's has none)."""

    def __init__(self, dim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head, self.head_dim, self.block_size = cfg.n_head, cfg.n_embd // cfg.n_head, cfg.block_size
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.dropout = cfg.dropout > 0
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd, bias=cfg.bias)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.attn_dropout = nn.Dropout(cfg.dropout)
        self.resid_dropout = nn.Dropout(cfg.dropout)
        # True above the diagonal: the future positions to hide (C#: the same non-persistent buffer).
        mask = torch.ones(cfg.block_size, cfg.block_size, dtype=torch.bool).triu(1)
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).view(B, T, 3, self.n_head, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        scores = (q * self.scale) @ k.transpose(-2, -1)
        scores.masked_fill_(self.mask if T == self.block_size else self.mask[:T, :T], float("-inf"))
        weights = F.softmax(scores, dim=-1)
        if self.dropout:
            weights = self.attn_dropout(weights)
        y = self.c_proj((weights @ v).transpose(1, 2).reshape(B, T, C))
        return self.resid_dropout(y) if self.dropout else y


class Mlp(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dropout_on = cfg.dropout > 0
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd, bias=cfg.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x):
        y = self.c_proj(self.gelu(self.c_fc(x)))
        return self.dropout(y) if self.dropout_on else y


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = LayerNorm(cfg.n_embd, cfg.bias)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = LayerNorm(cfg.n_embd, cfg.bias)
        self.mlp = Mlp(cfg)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TinyGpt(nn.Module):
    def __init__(self, cfg, generator=None):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = LayerNorm(cfg.n_embd, cfg.bias)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        if cfg.tie_weights:
            self.lm_head.weight = self.wte.weight
        init_weights(self, generator)

    def hidden(self, idx):
        T = idx.shape[1]
        positions = self.wpe.weight if T == self.cfg.block_size else self.wpe.weight[:T]
        x = self.wte(idx) + positions
        if self.cfg.dropout > 0:
            x = self.drop(x)
        for block in self.h:
            x = block(x)
        return self.ln_f(x)

    def forward(self, idx):
        return self.lm_head(self.hidden(idx))

    def loss(self, idx, targets):
        return F.cross_entropy(self(idx).view(-1, self.cfg.vocab_size), targets.reshape(-1))


def init_weights(model, generator):
    """GPT-2 init drawn in model.modules() order, as TinyGptInitialization.cs does."""
    residual_std = INIT_STD / math.sqrt(2 * model.cfg.n_layer)
    residual = {id(b.attn.c_proj) for b in model.h} | {id(b.mlp.c_proj) for b in model.h}
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear):
                module.weight.normal_(0.0, residual_std if id(module) in residual else INIT_STD, generator=generator)
                if module.bias is not None:
                    module.bias.zero_()
            elif isinstance(module, nn.Embedding):
                module.weight.normal_(0.0, INIT_STD, generator=generator)
            elif isinstance(module, LayerNorm):
                module.weight.fill_(1.0)
                if module.bias is not None:
                    module.bias.zero_()


# ---- data: CharTokenizer / CharCorpus / CharDataset ----

class Corpus:
    def __init__(self, text, block_size, train_fraction=0.9):
        self.chars = sorted(set(text))
        stoi = {c: i for i, c in enumerate(self.chars)}
        data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
        split = int(train_fraction * len(data))
        self.train, self.validation = data[:split], data[split:]
        self.block_size = block_size
        self.offsets = torch.arange(block_size)

    @property
    def vocab_size(self):
        return len(self.chars)

    def random_batch(self, batch_size, generator, split="train"):
        data = self.train if split == "train" else self.validation
        starts = torch.randint(len(data) - self.block_size, (batch_size,), generator=generator)
        index = starts.unsqueeze(1) + self.offsets
        return data[index], data[index + 1]


def load_corpus(path, block_size):
    with open(path, encoding="utf-8") as f:
        return Corpus(f.read(), block_size)


# ---- training ----

def create_optimizer(model, lr, weight_decay, betas, foreach):
    """Trainer.Optim's DecayGrouping: no decay for biases and layer norms; AdamW over the two groups."""
    norms = {id(p) for m in model.modules() if isinstance(m, LayerNorm) for p in m.parameters()}
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if "bias" in name or id(p) in norms else decay).append(p)
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas, foreach=foreach)


PHASES = ("data", "forward", "backward", "clip", "step", "zero_grad")


def train_steps(model, optimizer, corpus, generator, batch_size, steps, clip):
    """Runs `steps` optimizer steps; returns the losses and the seconds spent in each phase."""
    seconds = dict.fromkeys(PHASES, 0.0)
    losses = []
    parameters = list(model.parameters())
    for _ in range(steps):
        t0 = time.perf_counter()
        x, y = corpus.random_batch(batch_size, generator)
        t1 = time.perf_counter()
        loss = model.loss(x, y)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(parameters, clip)
        t4 = time.perf_counter()
        optimizer.step()
        t5 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        t6 = time.perf_counter()
        losses.append(loss.item())
        for phase, (a, b) in zip(PHASES, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6))):
            seconds[phase] += b - a
    return losses, seconds


class Run:
    """One variant: a model and optimizer seeded like the C# side (same weights, same batches)."""

    def __init__(self, args, corpus, foreach):
        cfg = Config(corpus.vocab_size, args.block, args.embd, args.heads, args.layers, args.dropout, not args.no_bias)
        self.model = TinyGpt(cfg, torch.Generator().manual_seed(args.seed))
        self.optimizer = create_optimizer(self.model, args.lr, args.weight_decay, (args.beta1, args.beta2), foreach)
        self.data_generator = torch.Generator().manual_seed(args.seed + 1)
        self.corpus, self.args = corpus, args

    def train(self, steps):
        start, cpu = time.perf_counter(), time.process_time()
        losses, phases = train_steps(self.model, self.optimizer, self.corpus, self.data_generator, self.args.batch,
                                     steps, self.args.clip)
        return {"steps": steps, "seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                "phases": phases, "losses": losses}


# ---- safetensors (read with struct/json only) ----

SAFETENSORS_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                      "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
                      "BOOL": torch.bool}


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = SAFETENSORS_DTYPES[info["dtype"]]
        chunk = data[begin:end]
        flat = torch.frombuffer(bytearray(chunk), dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors


# ---- command line ----

def parse_arguments(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="data/tinyshakespeare.txt")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--block", type=int, default=64)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--embd", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--no-bias", action="store_true")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.99)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: the processor "
                   "count, as the C# binding; Debian's torch would start with 1)")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--foreach", action="store_true", help="AdamW(foreach=True)")
    p.add_argument("--serve", action="store_true")
    return p.parse_args(argv)


def serve(args, corpus):
    runs = {"adamw": Run(args, corpus, foreach=False), "adamw_foreach": Run(args, corpus, foreach=True)}
    params = sum(p.numel() for p in runs["adamw"].model.parameters())
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "parameters": params, "vocab": corpus.vocab_size}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] != "train" or len(words) != 3 or words[1] not in runs:
            print(json.dumps({"error": f"unknown command: {line.strip()}"}), flush=True)
            continue
        print(json.dumps(runs[words[1]].train(int(words[2]))), flush=True)


def main(argv):
    args = parse_arguments(argv)
    torch.set_num_threads(args.threads)
    corpus = load_corpus(args.data, args.block)
    if args.serve:
        serve(args, corpus)
        return
    run = Run(args, corpus, args.foreach)
    warm = run.train(args.warmup)
    result = run.train(args.steps)
    tokens = args.steps * args.batch * args.block
    print(f"TinyGpt PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{sum(p.numel() for p in run.model.parameters())} parameters, AdamW(foreach={args.foreach})")
    print(f"loss {warm['losses'][0]:.4f} -> {result['losses'][-1]:.4f} over {args.warmup + args.steps} steps")
    print(f"tokens/s {tokens / result['seconds']:.0f} ({result['seconds'] / args.steps * 1000:.1f} ms/step over "
          f"{args.steps} steps after {args.warmup} warm-up)")


if __name__ == "__main__":
    main(sys.argv[1:])
