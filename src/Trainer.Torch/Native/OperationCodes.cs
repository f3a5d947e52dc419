namespace Training.Torch.Native;

// Operation codes understood by the shim's dispatching exports (native/src/tensor_elementwise.cpp,
// tensor_reductions.cpp). The numbers are part of the native contract: never renumber.

internal enum UnaryOp
{
    Neg = 0, Abs = 1, Sign = 2, Sqrt = 3, Rsqrt = 4, Exp = 5, Log = 6, Log1p = 7, Expm1 = 8, Sin = 9, Cos = 10,
    Tanh = 11, Sigmoid = 12, Relu = 13, Floor = 14, Ceil = 15, Round = 16, Trunc = 17, Reciprocal = 18,
    Square = 19, Erf = 20, LogicalNot = 21, IsNan = 22, IsInf = 23, IsFinite = 24, Silu = 25, Clone = 26,
    Contiguous = 27, Detach = 28, Log2 = 29, Exp2 = 30, Signbit = 31, BitwiseNot = 32, Sgn = 33,
}

internal enum BinaryOp
{
    Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Maximum = 5, Minimum = 6, Fmod = 7, Remainder = 8,
    Eq = 9, Ne = 10, Lt = 11, Le = 12, Gt = 13, Ge = 14, LogicalAnd = 15, LogicalOr = 16, Atan2 = 17,
    FloorDivide = 18, BitwiseAnd = 19, BitwiseOr = 20, LogicalXor = 21, BitwiseXor = 22,
}

internal enum ReductionOp
{
    Sum = 0, Mean = 1, Prod = 2, Amax = 3, Amin = 4, All = 5, Any = 6, LogSumExp = 7, NanSum = 8,
}

internal enum ShapeOp
{
    View = 0, Reshape = 1, Expand = 2, Permute = 3, Repeat = 4,
}

internal enum SplitKind
{
    BySize = 0, BySizes = 1, Chunk = 2, Unbind = 3,
}

internal enum MatrixProduct
{
    Matmul = 0, Mm = 1, Bmm = 2, Outer = 3, Dot = 4,
}
