using Xunit.Abstractions;
using Xunit.Sdk;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// Runs the test that changes the figures first, so a return of the old dependence (that
/// test adding its recognition to the shared sample host) fails the fixed-ids test on every
/// run instead of only when xunit happens to pick that order.
/// </summary>
public sealed class StatsFirst : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name.StartsWith("Statistics", StringComparison.Ordinal) ? 0 : 1);
}
