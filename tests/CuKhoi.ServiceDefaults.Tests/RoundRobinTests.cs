using CuKhoi.ServiceDefaults.Downstream;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>The balancer's round-robin (see ReplicaBalancer): a skipped replica is never picked while another is up.</summary>
public sealed class RoundRobinTests
{
    /// <summary>
    /// Picks run concurrently: another pick may turn the shared counter while one is passing over
    /// a skipped replica. Here that other pick runs inside the skip check, so the interleaving
    /// happens on every pass, not once in a few thousand as on a loaded machine.
    /// </summary>
    [Fact]
    public void A_pick_made_while_another_passes_over_a_down_replica_does_not_move_that_one_onto_it()
    {
        var robin = new RoundRobin<string>(["up", "down"]);
        var inside = false;

        var picks = Enumerable.Range(0, 100).Select(_ => robin.Pick(Down)).ToList();

        Assert.All(picks, pick => Assert.Equal("up", pick));

        bool Down(string replica)
        {
            if (replica != "down")
            {
                return false;
            }

            if (!inside)
            {
                inside = true;
                robin.Pick(Down);
                inside = false;
            }

            return true;
        }
    }

    [Fact]
    public void Picks_go_round_the_replicas_up_in_turn_and_to_a_skipped_one_only_when_all_are()
    {
        var robin = new RoundRobin<int>([0, 1, 2, 3]);

        var turns = Enumerable.Range(0, 400).Select(_ => robin.Pick(replica => replica == 2)).ToList();
        var allDown = Enumerable.Range(0, 8).Select(_ => robin.Pick(_ => true)).ToList();

        Assert.DoesNotContain(2, turns);
        Assert.All(new[] { 0, 1, 3 }, replica => Assert.InRange(turns.Count(t => t == replica), 100, 200));
        Assert.Equal(4, allDown.Distinct().Count());
    }
}
