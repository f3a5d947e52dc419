namespace Training.Integrations;

/// <summary>GaLore's <c>proj_type</c>: which side(s) of an m×n gradient are projected.</summary>
public enum GaLoreProjectionType
{
    /// <summary><c>std</c>: right (G·Pᵀ with P = Vh[:r]) when m ≥ n, else left (Pᵀ·G with P = U[:, :r]) — the smaller side.</summary>
    Std,
    /// <summary><c>reverse_std</c>: the opposite side of <see cref="Std"/>.</summary>
    ReverseStd,
    /// <summary><c>right</c>: always G·Pᵀ with P = Vh[:r].</summary>
    Right,
    /// <summary><c>left</c>: always Pᵀ·G with P = U[:, :r].</summary>
    Left,
    /// <summary><c>full</c>: U[:, :r]ᵀ·G·Vh[:r]ᵀ (r×r).</summary>
    Full,
}
