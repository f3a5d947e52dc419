using System.Xml.Linq;

namespace Training.Plots.Tests;

public class SvgChartRendererTests
{
    private static List<XElement> Elements(RenderedChart chart, string name) =>
        XDocument.Parse(chart.Svg).Descendants().Where(e => e.Name.LocalName == name).ToList();

    [Test]
    public void NaN_and_infinite_values_break_the_line_and_a_lone_point_is_a_dot()
    {
        double[] values = [1, 2, double.NaN, 3, 4, double.PositiveInfinity, 5, double.NegativeInfinity, 6, 7];
        var series = new PlotSeries("s", values.Select((v, i) => new PlotPoint(i, v)).ToList());
        var chart = SvgChartRenderer.Render(new Chart("t", "step", [new ChartPanel("p", "y", [series])]));
        Assert.That(Elements(chart, "polyline").Select(p => p.Attribute("points")!.Value.Split(' ').Length), Is.EqualTo(new[] { 2, 2, 2 }));
        Assert.That(Elements(chart, "circle"), Has.Count.EqualTo(1), "the 5 between two infinities");
        Assert.That((chart.Frames[0].YScale.Min, chart.Frames[0].YScale.Max), Is.EqualTo((0.0, 8.0)));
    }

    [Test]
    public void On_a_log_axis_non_positive_values_are_gaps()
    {
        var series = new PlotSeries("s", [new(0, 0.5), new(1, 0), new(2, -1), new(3, 0.2), new(4, 0.1)]);
        var chart = SvgChartRenderer.Render(new Chart("t", "step", [new ChartPanel("p", "y", [series], LogScale: true)]));
        Assert.That(Elements(chart, "polyline"), Has.Count.EqualTo(1));
        Assert.That((chart.Frames[0].YScale.Min, chart.Frames[0].YScale.Max), Is.EqualTo((0.1, 1.0)));
    }

    [Test]
    public void A_run_without_logged_steps_yet_still_draws_its_axes()
    {
        var chart = SvgChartRenderer.Render(RunPlot.Build(RunHistory.From(new TrainerState { MaxSteps = 100 }), new RunPlotOptions { LogLoss = true }));
        Assert.That(chart.Frames, Has.Count.EqualTo(1));
        Assert.That(Elements(chart, "polyline"), Is.Empty);
        Assert.That(Elements(chart, "text").Select(t => t.Value), Does.Contain("step 0 of 100"));
    }

    [Test]
    public void Text_is_escaped_and_a_long_title_keeps_its_end()
    {
        var title = new string('x', 300) + " <a & b>";
        var chart = SvgChartRenderer.Render(new Chart(title, "step", [new ChartPanel("p", "y", [new PlotSeries("<&>", [new(0, 1), new(1, 2)])])]));
        var texts = Elements(chart, "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("<&>"));
        Assert.That(texts[0], Does.StartWith("…").And.EndWith(" <a & b>"));
        Assert.That(texts[0].Length, Is.LessThan(100));
    }
}
