namespace Training.Core;

/// <summary>Where padding goes (Transformers' <c>tokenizer.padding_side</c>).</summary>
public enum PaddingSide
{
    /// <summary>After the tokens (the default; what training uses).</summary>
    Right,

    /// <summary>Before the tokens (what batched generation with a decoder-only model uses).</summary>
    Left,
}
