namespace Training.Text.Tests;

/// <summary>
/// What Python (no transformers package here) makes of a saved tokenizer folder: the files read as GPT2Tokenizer
/// reads them, each JSON file compared with how Transformers would write it, and a sample encoded by a plain
/// byte-level BPE over vocab.json + merges.txt. Arguments: the folder, and a sample text file (ASCII) or "".
/// </summary>
internal static class PythonChecks
{
    public const string Script = """
        import json, os, re, sys
        folder, sample = sys.argv[1], sys.argv[2]
        def load(name):
            path = os.path.join(folder, name)
            return json.load(open(path, encoding="utf-8")) if os.path.exists(path) else None
        vocab = load("vocab.json")
        # GPT2Tokenizer: the first line is skipped unread, and whatever follows the last newline.
        lines = open(os.path.join(folder, "merges.txt"), encoding="utf-8").read().split("\n")
        merges = [tuple(m.split()) for m in lines[1:-1]]
        bad = [" ".join(m) for m in merges if len(m) != 2 or m[0] not in vocab or m[1] not in vocab or m[0] + m[1] not in vocab]
        not_dumps = []
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                text = open(os.path.join(folder, name), encoding="utf-8").read()
                if text != json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n":
                    not_dumps.append(name)
        config = load("tokenizer_config.json")
        out = {"vocab_size": len(vocab), "endoftext": vocab.get("<|endoftext|>"), "header": lines[0], "merges": len(merges),
               "bad_merges": bad[:10], "not_as_json_dumps": not_dumps, "added_tokens": load("added_tokens.json"),
               "eos_token": (load("special_tokens_map.json") or {}).get("eos_token"),
               "model_max_length": config.get("model_max_length"), "tokenizer_class": config.get("tokenizer_class")}
        if sample:
            text = open(sample, encoding="utf-8").read()
            assert text.isascii()
            printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
            spell, extra = {}, 0
            for b in range(256):
                if b in printable:
                    spell[b] = chr(b)
                else:
                    spell[b] = chr(256 + extra)
                    extra += 1
            ranks = {m: r for r, m in enumerate(merges)}
            cache = {}
            def bpe(word):
                if word in cache:
                    return cache[word]
                parts = list(word)
                while len(parts) > 1:
                    pairs = [(ranks.get((parts[i], parts[i + 1]), len(ranks)), i) for i in range(len(parts) - 1)]
                    rank, _ = min(pairs)
                    if rank == len(ranks):
                        break
                    first, second = merges[rank]
                    joined, i = [], 0
                    while i < len(parts):
                        if i + 1 < len(parts) and parts[i] == first and parts[i + 1] == second:
                            joined.append(first + second)
                            i += 2
                        else:
                            joined.append(parts[i])
                            i += 1
                    parts = joined
                cache[word] = parts
                return parts
            # GPT-2's pattern with \p{L} and \p{N} spelled for ASCII.
            pattern = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")
            out["ids"] = [vocab[t] for piece in pattern.findall(text) for t in bpe("".join(spell[b] for b in piece.encode("utf-8")))]
        print(json.dumps(out))
        """;
}
