namespace Training.TorchExtensions.Tests.Memory;

/// <summary>
/// Scalars.Keep: the number's type is kept, the Scalar lives until its thread has made RingSize more, and it survives
/// a native call while another thread collects garbage (the race that implicit TorchSharp Scalars lose).
/// </summary>
public class ScalarsTests
{
    [Test]
    public void TheNumbersTypeAndValueAreKept()
    {
        // What the implicit conversion would have made (libtorch keeps a double, a long or a bool), so type promotion
        // with a tensor does not change.
        using Scalar implicitDouble = 2.5.ToScalar(), implicitFloat = 2.5f.ToScalar(), implicitInt = 3.ToScalar(), implicitLong = 3L.ToScalar(), implicitBool = true.ToScalar();
        Assert.Multiple(() =>
        {
            Assert.That(Scalars.Keep(2.5).Type, Is.EqualTo(implicitDouble.Type).And.EqualTo(ScalarType.Float64));
            Assert.That(Scalars.Keep(2.5).ToDouble(), Is.EqualTo(2.5));
            Assert.That(Scalars.Keep(2.5f).Type, Is.EqualTo(implicitFloat.Type));
            Assert.That(Scalars.Keep(3).Type, Is.EqualTo(implicitInt.Type).And.EqualTo(ScalarType.Int64));
            Assert.That(Scalars.Keep(3L).Type, Is.EqualTo(implicitLong.Type));
            Assert.That(Scalars.Keep(true).Type, Is.EqualTo(implicitBool.Type).And.EqualTo(ScalarType.Bool));
        });
    }

    [Test]
    public void AScalarIsReleasedWhenItsSlotComesRoundAgain()
    {
        var first = Scalars.Keep(7.0);
        for (var i = 0; i < Scalars.RingSize - 1; i++) Scalars.Keep(i);
        Assert.That(first.ToDouble(), Is.EqualTo(7.0), "alive while fewer than RingSize others were made");
        Scalars.Keep(0.0);
        Assert.That(() => first.ToDouble(), Throws.InvalidOperationException, "disposed by the ring, not left to the finalizer");
    }

    [Test]
    public void AKeptScalarSurvivesNativeCallsWhileAnotherThreadCollects()
    {
        // Implicit Scalars fail here within seconds on this machine ("toFloat at Scalar.h:140": the finalizer frees the
        // value during fill_); the kept ones must never.
        var stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                for (var i = 0; i < 1000; i++) GC.KeepAlive(new object[4]);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        using var values = empty(1 << 18);
        var wrong = 0;
        var end = DateTime.UtcNow.AddSeconds(3);
        var calls = 0;
        try
        {
            while (DateTime.UtcNow < end)
            {
                using var scope = NewDisposeScope();
                var x = 1.0 + calls % 100;
                values.fill_(Scalars.Keep(x));
                using var read = values.data<float>();
                if (read[0] != (float)x || read[read.Count - 1] != (float)x) wrong++;
                calls++;
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }

        Assert.That(wrong, Is.Zero, $"{wrong} of {calls} fills read another value");
    }
}
