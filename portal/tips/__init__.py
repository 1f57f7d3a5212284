"""Tips and complaints (举报/投诉): confidential intake and the staff workflow."""
