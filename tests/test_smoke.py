from frontdesk.services.booking import BookingRequest
from tests.helpers import local


def test_standard_clinic_books(clinic, bookings):
    appt = bookings.book(BookingRequest(service_id=clinic["Swedish 60"],
                                        start=local("2026-10-05 10:00"),
                                        therapist_id=clinic["Ana"], room_id=clinic["Cedar"],
                                        client_id=clinic["José Núñez"]))
    assert appt.therapist == "Ana" and appt.client == "José Núñez"
