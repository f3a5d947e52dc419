namespace Training.Plots.Tests;

public class AxisScaleTests
{
    [TestCase(0.0, 97.0, 0.0, 100.0, 20.0)]
    [TestCase(1.0, 1000.0, 0.0, 1000.0, 200.0)]
    [TestCase(2.31, 2.96, 2.2, 3.0, 0.2)]
    [TestCase(0.0, 5e-5, 0.0, 5e-5, 1e-5)]
    [TestCase(-0.37, 0.81, -0.5, 1.0, 0.5)]
    [TestCase(-0.37, 0.81, -0.4, 1.0, 0.2, 8)]
    public void Linear_ticks_step_by_1_2_or_5_times_a_power_of_ten_and_cover_the_data(double min, double max, double axisMin, double axisMax, double step, int maxTicks = 6)
    {
        // The step is the smallest 1-2-5 value at least (max - min) / (maxTicks - 1).
        var scale = AxisScale.Linear(min, max, maxTicks);
        Assert.That(scale.Min, Is.EqualTo(axisMin).Within(1e-12));
        Assert.That(scale.Max, Is.EqualTo(axisMax).Within(1e-12));
        Assert.That(scale.Ticks.Zip(scale.Ticks.Skip(1), (a, b) => b - a), Has.All.EqualTo(step).Within(step * 1e-9));
        Assert.That(scale.Ticks.Count, Is.LessThanOrEqualTo(maxTicks + 2));
    }

    [Test]
    public void A_constant_series_gets_an_axis_around_its_value()
    {
        var scale = AxisScale.Linear(5e-5, 5e-5);
        Assert.That(scale.Min, Is.LessThan(5e-5));
        Assert.That(scale.Max, Is.GreaterThan(5e-5));
        Assert.That(scale.Fraction(5e-5), Is.InRange(0.05, 0.95));
    }

    [Test]
    public void Log_axes_span_whole_decades()
    {
        var scale = AxisScale.Logarithmic(0.03, 4.2);
        Assert.That((scale.Min, scale.Max), Is.EqualTo((0.01, 10.0)));
        Assert.That(scale.Ticks.Where(t => Math.Abs(Math.Log10(t) - Math.Round(Math.Log10(t))) < 1e-9), Is.EqualTo(new[] { 0.01, 0.1, 1, 10 }).Within(1e-12));
        Assert.That(scale.Fraction(1), Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(scale.Fraction(0), Is.NaN);
        Assert.That(scale.Fraction(-1), Is.NaN);
    }

    [TestCase(0.0, "0")]
    [TestCase(250.0, "250")]
    [TestCase(0.5, "0.5")]
    [TestCase(2e-4, "2e-4")]
    [TestCase(1.5e6, "1.5e6")]
    [TestCase(0.30000000000000004, "0.3")]
    public void Tick_labels_are_short(double value, string text) => Assert.That(TickLabels.Format(value), Is.EqualTo(text));
}
