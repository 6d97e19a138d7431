"""产销对接会 (matchmaking events).

`service.events.solver` schedules the meetings (pure, no database); `service.events.schedule_csv`
reads and writes the files of `peitao schedule-meetings`. Import those modules directly: this
package stays light so that importing the rest of the domain does not load scipy.
"""
