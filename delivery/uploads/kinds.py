"""The uploads an alliance's managers can make on its delivery pages, by the name in their address.
Attendance is uploaded for one programme, on that programme's pages."""
from delivery.uploads import attendance, cohorts, contributions, placements, programmes, support, trainees

FOR_ALLIANCE = {layout.kind: layout for layout in (
    programmes.LAYOUT, support.LAYOUT, cohorts.LAYOUT, trainees.LAYOUT, placements.LAYOUT, contributions.LAYOUT,
)}
ATTENDANCE = attendance.LAYOUT
