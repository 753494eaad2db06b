from django.core.management.base import BaseCommand

from core.tasks import schedule_delivery


class Command(BaseCommand):
    help = (
        "Start a delivery of the queued outgoing mail: enqueued for the task worker in production, "
        "at once in development. For the worker's start (a delivery it was running when it died "
        "is not resumed) and after repairs."
    )

    def handle(self, *args, **options):
        result = schedule_delivery()
        self.stdout.write(f"Delivery {result.id} is {result.status.lower()}.")
